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
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    /// The xoshiro256** state inside `rng`, when that is the generator; its
    /// draws are then made inline instead of through GSL's function pointer.
    @usableFromInline let xoshiro: UnsafeMutablePointer<edl_xoshiro256_state>?
    /// The largest raw draw minus the smallest (2^32 − 1 for MT19937 and
    /// taus2, 2^64 − 1 for xoshiro256**).
    @usableFromInline let rawSpan: UInt

    /// Creates a generator of `kind` whose state is derived from `seed`.
    /// - Throws: ``GSLError`` if GSL cannot allocate the generator or its
    ///   state does not have the expected layout.
    public init(seed: UInt64, kind: RandomGeneratorKind = .standard) throws {
        GSLLibrary.prepare()
        guard let type = kind.gslType, let generator = gsl_rng_alloc(type) else {
            throw GSLError(status: Int32(GSL_ENOMEM), function: "gsl_rng_alloc(\(kind.rawValue))")
        }
        self.kind = kind
        self.seed = seed
        self.rng = generator
        self.rawSpan = gsl_rng_max(generator) - gsl_rng_min(generator)
        do {
            try Self.setState(of: generator, kind: kind, seed: seed)
        } catch {
            gsl_rng_free(generator)
            throw error
        }
        if kind == .xoshiro256, let state = gsl_rng_state(generator) {
            xoshiro = state.bindMemory(to: edl_xoshiro256_state.self, capacity: 1)
        } else {
            xoshiro = nil
        }
    }

    deinit {
        gsl_rng_free(rng)
    }

    /// One raw output of the generator through GSL's `gsl_rng_get`: a
    /// 64-bit word for xoshiro256**, a 32-bit word for MT19937 and taus2.
    public func rawDraw() -> UInt {
        gsl_rng_get(rng)
    }

    /// A uniform draw from [0, 1).
    ///
    /// For xoshiro256** the top 53 bits of one output, times 2^−53 (what
    /// `gsl_rng_uniform` returns for it too).
    @inlinable @inline(always)
    public func uniform() -> Double {
        if let xoshiro {
            return Double(edl_xoshiro256_next(xoshiro) >> 11) * 0x1.0p-53
        }
        return gsl_rng_uniform(rng)
    }

    /// A uniform draw from (0, 1), never exactly 0.
    @inlinable @inline(always)
    public func uniformPositive() -> Double {
        gsl_rng_uniform_pos(rng)
    }

    /// A uniform integer in `0..<count`.
    ///
    /// For xoshiro256** Lemire's multiply-and-reject method on one 64-bit
    /// output (exactly uniform; a division only in the rare rejection
    /// branch); for the 32-bit generators `gsl_rng_uniform_int`, and two
    /// raw draws for counts beyond 2^32.
    ///
    /// - Precondition: `count ≥ 1` (callers validate user input before this).
    @inlinable @inline(always)
    public func uniformInteger(below count: Int) -> Int {
        precondition(count >= 1, "uniformInteger(below:) needs a count of at least 1")
        if let xoshiro {
            return Xoshiro256StarStar.uniformInteger(below: count, state: xoshiro)
        }
        if UInt(count) - 1 <= rawSpan {
            return Int(gsl_rng_uniform_int(rng, UInt(count)))
        }
        return wideUniformInteger(below: UInt64(count))
    }

    /// A copy of the xoshiro256** state for a hot loop to draw from with the
    /// state in registers; nil for the other generators. Hand the advanced
    /// copy back with ``resume(from:)`` before this source draws again: the
    /// draws made through the copy are the ones this source would have made,
    /// so the stream is unchanged.
    @inlinable @inline(always)
    public func localXoshiro() -> Xoshiro256StarStar? {
        guard let xoshiro else { return nil }
        return Xoshiro256StarStar(state: xoshiro.pointee)
    }

    /// Continues this source's stream where `generator`, a copy from
    /// ``localXoshiro()``, stopped.
    @inlinable @inline(always)
    public func resume(from generator: Xoshiro256StarStar) {
        guard let xoshiro else { preconditionFailure("resume(from:) needs an xoshiro256** source") }
        xoshiro.pointee = generator.state
    }

    /// Counts beyond one 32-bit raw draw: two draws make a 64-bit word, and
    /// words from the incomplete top block are rejected, so every value in
    /// `0..<count` is equally likely.
    @usableFromInline
    func wideUniformInteger(below count: UInt64) -> Int {
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
    @inlinable @inline(always)
    public func gaussian() -> Double {
        gsl_ran_gaussian_ziggurat(rng, 1)
    }

    /// A Bernoulli draw: `true` with probability `probability`.
    @inlinable @inline(always)
    public func bernoulli(_ probability: Double) -> Bool {
        uniform() < probability
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
    @inline(always)
    public func binomialCount(trials: Int, probability: Double) -> Int {
        precondition(trials >= 0, "binomialCount: a negative number of trials")
        precondition(probability >= 0 && probability <= 1, "binomialCount: probability out of [0, 1]")
        // GSL takes at most 2^32 − 1 trials; more are drawn in blocks of that size, whose counts
        // add up to the same Binomial(trials, p) distribution (a sum of independent binomials with
        // one p). Up to 2^32 − 1 trials the single draw is the same as ever.
        var remaining = trials
        var total = 0
        while remaining > 0 {
            let block = min(remaining, Int(UInt32.max))
            total += Int(gsl_ran_binomial(rng, probability, UInt32(block)))
            remaining -= block
        }
        return total
    }

    /// A draw from a discrete distribution: index `i` with probability
    /// proportional to the `i`-th weight the table was built from.
    @inline(always)
    public func sample(from distribution: DiscreteDistribution) -> Int {
        distribution.sample(uniform: uniform())
    }

    // MARK: Seeding

    private static func setState(
        of generator: UnsafeMutablePointer<gsl_rng>, kind: RandomGeneratorKind, seed: UInt64
    ) throws {
        var sequence = SplitMix64(seed: seed)
        let state = gsl_rng_state(generator)
        let size = gsl_rng_size(generator)
        switch kind {
        case .xoshiro256:
            // Four consecutive SplitMix64 outputs; the first is a bijection
            // of the seed, so distinct seeds give distinct states. A state of
            // all zeros (never seen in practice) would stall the generator.
            guard let state, size >= 4 * MemoryLayout<UInt64>.stride else {
                throw GSLError(status: Int32(GSL_EFAILED), function: "seed(xoshiro256)", reason: "unexpected state layout")
            }
            let words = state.bindMemory(to: UInt64.self, capacity: 4)
            for index in 0..<4 { words[index] = sequence.next() }
            if words[0] | words[1] | words[2] | words[3] == 0 { words[3] = 1 }
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
