import Lab
import Dispatch
import GSL
import Synchronization

/// The random draws a workload consumes, replayed with nothing else around
/// them: the floor a Monte Carlo run cannot go below with this generator.
///
/// Every replicate makes its own ``RandomSource`` (as a real run does), draws
/// the set-up integers once, then the per-example integers for every example.
/// Replicates run in the same fixed chunks on the same threads as
/// ``ExperimentRunner``.
public struct DrawLoop: Sendable {
    /// Bounds of the uniform integers drawn once per replicate, before the
    /// first example (a hidden rule, a world's hash key).
    public var setupBounds: [Int]
    /// Bounds of the uniform integers drawn for every example (an input, a
    /// label, a concept).
    public var exampleBounds: [Int]
    /// Examples per replicate (the grid's last n).
    public var examples: Int
    /// Replicates.
    public var replicates: Int

    /// Creates a draw loop.
    public init(setupBounds: [Int], exampleBounds: [Int], examples: Int, replicates: Int) {
        self.setupBounds = setupBounds
        self.exampleBounds = exampleBounds
        self.examples = examples
        self.replicates = replicates
    }

    /// The number of draws in all.
    public var drawCount: Int { replicates * (setupBounds.count + examples * exampleBounds.count) }

    /// Makes every draw on `threads` threads and returns the sum of the drawn
    /// values modulo 2^64 (so that no draw can be optimised away).
    /// - Throws: ``GSLError`` if a generator cannot be made.
    public func run(generator: RandomGeneratorKind, threads: Int) throws -> UInt64 {
        let chunkSize = 64
        let chunkCount = (replicates + chunkSize - 1) / chunkSize
        let state = Mutex((next: 0, checksum: UInt64(0), failure: GSLError?.none))
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, chunkCount))) { _ in
            while true {
                let chunk: Int? = state.withLock { shared in
                    guard shared.failure == nil, shared.next < chunkCount else { return nil }
                    defer { shared.next += 1 }
                    return shared.next
                }
                guard let chunk else { return }
                var sum: UInt64 = 0
                do {
                    for replicate in chunk * chunkSize..<min((chunk + 1) * chunkSize, replicates) {
                        var seeds = SplitMix64(seed: UInt64(replicate))
                        let random = try RandomSource(seed: seeds.next(), kind: generator)
                        for bound in setupBounds { sum &+= UInt64(random.uniformInteger(below: bound)) }
                        // As the hot loops do: xoshiro256**'s state in a local copy.
                        if var generator = random.localXoshiro() {
                            sum &+= Self.draw(exampleBounds, examples: examples, from: &generator)
                            random.resume(from: generator)
                        } else {
                            var source = random
                            sum &+= Self.draw(exampleBounds, examples: examples, from: &source)
                        }
                    }
                } catch let error as GSLError {
                    state.withLock { $0.failure = $0.failure ?? error }
                    return
                } catch {
                    preconditionFailure("RandomSource throws only GSLError")
                }
                state.withLock { $0.checksum &+= sum }
            }
        }
        let (checksum, failure) = state.withLock { ($0.checksum, $0.failure) }
        if let failure { throw failure }
        return checksum
    }

    /// The per-example draws of one replicate; one bound (the common case)
    /// runs without the inner loop.
    private static func draw<Draws: UniformIntegerDrawing>(
        _ bounds: [Int], examples: Int, from draws: inout Draws
    ) -> UInt64 {
        var random = draws
        defer { draws = random }
        var sum: UInt64 = 0
        if bounds.count == 1 {
            let bound = bounds[0]
            for _ in 0..<examples { sum &+= UInt64(random.uniformInteger(below: bound)) }
            return sum
        }
        for _ in 0..<examples {
            for bound in bounds { sum &+= UInt64(random.uniformInteger(below: bound)) }
        }
        return sum
    }
}
