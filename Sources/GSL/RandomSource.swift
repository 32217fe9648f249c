import CGSL

/// A stream of random numbers from one GSL generator (`gsl_rng`), owned by
/// one trajectory.
///
/// The type is deliberately not `Sendable`: a `gsl_rng` must never be shared
/// between tasks, and the compiler enforces that.
///
/// Seeding is injective: GSL's own `gsl_rng_set` uses only the low 32 bits of
/// a seed (and maps seed 0 to the default seed), so two seeds could share a
/// stream. Instead the full 64-bit seed is expanded with ``SplitMix64`` into
/// the generator's state, in a way that never maps two seeds to one state.
public final class RandomSource {
    /// The generator algorithm.
    public let kind: RandomGeneratorKind
    /// The 64-bit seed the stream started from.
    public let seed: UInt64
    private let generator: OpaquePointer
    /// The number of distinct values one raw draw takes (2^32 for both kinds).
    private let range: UInt

    /// Creates a generator of `kind` whose state is derived from `seed`.
    /// - Throws: ``GSLError`` if GSL cannot allocate the generator or its
    ///   state does not have the expected layout.
    public init(seed: UInt64, kind: RandomGeneratorKind = .mt19937) throws {
        GSLLibrary.prepare()
        guard let type = kind.gslType, let generator = gsl_rng_alloc(type) else {
            throw GSLError(status: Int32(GSL_ENOMEM), function: "gsl_rng_alloc(\(kind.rawValue))")
        }
        self.kind = kind
        self.seed = seed
        self.generator = OpaquePointer(generator)
        self.range = gsl_rng_max(generator) - gsl_rng_min(generator) + 1
        do {
            try Self.setState(of: generator, kind: kind, seed: seed)
        } catch {
            gsl_rng_free(generator)
            throw error
        }
    }

    deinit {
        gsl_rng_free(rng)
    }

    private var rng: UnsafeMutablePointer<gsl_rng> {
        UnsafeMutablePointer(generator)
    }

    /// A uniform draw from [0, 1).
    @inline(__always)
    public func uniform() -> Double {
        gsl_rng_uniform(rng)
    }

    /// A uniform draw from (0, 1), never exactly 0.
    @inline(__always)
    public func uniformPositive() -> Double {
        gsl_rng_uniform_pos(rng)
    }

    /// A uniform integer in `0..<count`.
    ///
    /// - Precondition: `count ≥ 1` (callers validate user input before this).
    @inline(__always)
    public func uniformInteger(below count: Int) -> Int {
        precondition(count >= 1, "uniformInteger(below:) needs a count of at least 1")
        if UInt(count) <= range {
            return Int(gsl_rng_uniform_int(rng, UInt(count)))
        }
        return wideUniformInteger(below: UInt64(count))
    }

    /// Counts beyond one raw draw: two 32-bit draws make a 64-bit word, and
    /// words from the incomplete top block are rejected, so every value in
    /// `0..<count` is equally likely.
    private func wideUniformInteger(below count: UInt64) -> Int {
        let limit = UInt64.max - (UInt64.max % count + 1) % count
        while true {
            let high = UInt64(gsl_rng_get(rng) - gsl_rng_min(rng)) & 0xFFFF_FFFF
            let low = UInt64(gsl_rng_get(rng) - gsl_rng_min(rng)) & 0xFFFF_FFFF
            let word = high << 32 | low
            if word <= limit {
                return Int(word % count)
            }
        }
    }

    /// A standard normal draw, N(0, 1) (GSL's ziggurat method).
    @inline(__always)
    public func gaussian() -> Double {
        gsl_ran_gaussian_ziggurat(rng, 1)
    }

    /// A Bernoulli draw: `true` with probability `probability`.
    @inline(__always)
    public func bernoulli(_ probability: Double) -> Bool {
        gsl_rng_uniform(rng) < probability
    }

    /// A draw from Binomial(`trials`, `probability`).
    /// - Throws: ``GSLError`` if `trials` is negative or beyond GSL's
    ///   `unsigned int`, or `probability` is outside [0, 1].
    public func binomial(trials: Int, probability: Double) throws -> Int {
        guard trials >= 0, trials <= Int(UInt32.max) else {
            throw GSLError.invalidArgument("binomial(trials: \(trials))", "trials must be in 0...\(UInt32.max)")
        }
        guard probability >= 0, probability <= 1 else {
            throw GSLError.invalidArgument("binomial(probability: \(probability))", "probability must be in [0, 1]")
        }
        return Int(gsl_ran_binomial(rng, probability, UInt32(trials)))
    }

    /// A draw from Binomial(`trials`, `probability`) for arguments the caller
    /// has already checked (a programming error otherwise, not user input).
    /// - Precondition: 0 ≤ trials < 2^32 and 0 ≤ probability ≤ 1.
    @inline(__always)
    public func binomialCount(trials: Int, probability: Double) -> Int {
        precondition(trials >= 0 && trials <= Int(UInt32.max), "binomialCount: trials out of range")
        precondition(probability >= 0 && probability <= 1, "binomialCount: probability out of [0, 1]")
        return Int(gsl_ran_binomial(rng, probability, UInt32(trials)))
    }

    /// A draw from a discrete distribution: index `i` with probability
    /// proportional to the `i`-th weight the table was built from.
    @inline(__always)
    public func sample(from distribution: DiscreteDistribution) -> Int {
        distribution.sample(using: rng)
    }

    // MARK: Seeding

    private static func setState(
        of generator: UnsafeMutablePointer<gsl_rng>, kind: RandomGeneratorKind, seed: UInt64
    ) throws {
        var sequence = SplitMix64(seed: seed)
        let state = gsl_rng_state(generator)
        let size = gsl_rng_size(generator)
        switch kind {
        case .mt19937:
            // GSL's mt_state_t: unsigned long mt[624]; int mti.
            let words = 624
            guard let state, size >= words * MemoryLayout<UInt>.stride + MemoryLayout<Int32>.size else {
                throw GSLError(status: Int32(GSL_EFAILED), function: "seed(mt19937)", reason: "unexpected state layout")
            }
            let mt = state.bindMemory(to: UInt.self, capacity: words)
            // Only the top bit of mt[0] enters the recurrence, so the injective
            // first output goes to mt[1] and mt[2], which are used in full.
            mt[0] = 0x8000_0000
            var index = 1
            while index < words {
                let word = sequence.next()
                mt[index] = UInt(word & 0xFFFF_FFFF)
                if index + 1 < words { mt[index + 1] = UInt(word >> 32) }
                index += 2
            }
            let mti = (state + words * MemoryLayout<UInt>.stride).bindMemory(to: Int32.self, capacity: 1)
            mti.pointee = Int32(words)  // regenerate the block on the first draw
        case .taus2:
            // GSL's taus_state_t: unsigned long s1, s2, s3, with s1 > 1, s2 > 7, s3 > 15.
            guard let state, size >= 3 * MemoryLayout<UInt>.stride else {
                throw GSLError(status: Int32(GSL_EFAILED), function: "seed(taus2)", reason: "unexpected state layout")
            }
            let s = state.bindMemory(to: UInt.self, capacity: 3)
            let first = sequence.next()
            let second = sequence.next()
            var s1 = first & 0xFFFF_FFFF
            var s2 = first >> 32
            // Lift words that break the constraints and record the lift in
            // the low bits of s3, so the seed can always be recovered.
            var flags: UInt64 = 0x10
            if s1 < 2 { s1 += 2; flags |= 1 }
            if s2 < 8 { s2 += 8; flags |= 2 }
            let s3 = (second & 0xFFFF_FFE0) | flags
            s[0] = UInt(s1)
            s[1] = UInt(s2)
            s[2] = UInt(s3)
            for _ in 0..<6 { _ = gsl_rng_get(generator) }  // warm up, as GSL does
        }
    }
}
