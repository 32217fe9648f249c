/// Turns one trajectory's per-example code lengths and checkpoint test losses
/// into MDL, EDL and SDL: pure arithmetic, no randomness, no I/O.
///
/// Feed it the code length of every example, computed by the learner *before*
/// it updates on that example, and at each checkpoint n the population loss
/// of the learner's state after n examples. Code lengths are accumulated with
/// ``CompensatedSum``, and EDL = MDL − n·L_test is formed from the
/// compensated pair, so EDL keeps its digits at n = 10^8.
///
/// A trajectory may be split into parts (token classes such as `format` and
/// `answer`, or mixture components, nested to any depth); each part keeps its
/// own MDL, and each checkpoint takes the part's share of the test loss, so
/// the parts' EDLs sum to the total. The common case is one part.
///
/// Parts are addressed relative to a *scope*: a composite trajectory hands
/// each component the accountant scoped to the component's first part (see
/// ``withScope(firstPart:_:)``), and the component records into its own
/// parts 0, 1, … without knowing where they sit among the whole run's.
public struct PrequentialAccountant: Sendable {
    /// The number of examples coded so far.
    public var exampleCount: Int { examples }
    @usableFromInline var examples = 0
    /// The best achievable population loss L*, in nats per example, if known.
    public let bestLoss: Double?
    @usableFromInline var total = CompensatedSum()
    @usableFromInline var totalTokens = 0
    @usableFromInline var partSums: [CompensatedSum]
    @usableFromInline var partTokens: [Int]
    /// The absolute index of part 0 of the current scope (0 unless a
    /// composite trajectory has scoped the accountant to a component).
    @usableFromInline var scopeOffset = 0

    /// Creates an accountant for `partCount` parts (1 unless the trajectory
    /// splits into token classes or components).
    /// - Parameter bestLoss: L* in nats per example, when known; enables SDL.
    public init(partCount: Int = 1, bestLoss: Double? = nil) {
        precondition(partCount >= 1, "an accountant needs at least one part")
        self.bestLoss = bestLoss
        partSums = partCount > 1 ? Array(repeating: CompensatedSum(), count: partCount) : []
        partTokens = partCount > 1 ? Array(repeating: 0, count: partCount) : []
    }

    /// The number of parts.
    public var partCount: Int { max(partSums.count, 1) }

    /// MDL so far, in nats.
    public var mdl: Double { total.value }

    /// Records one example of one scored token in part 0 of the current
    /// scope, coded with `codeLength` nats.
    @inlinable @inline(always)
    public mutating func record(codeLength: Double) {
        recordToken(codeLength: codeLength, part: 0)
        completeExample()
    }

    /// Records one scored token of the current example, coded with
    /// `codeLength` nats, in `part` of the current scope (0 for a trajectory
    /// with one part). Call ``completeExample()`` after the example's last token.
    /// A negative `part` addresses a part before the scope's first, within
    /// the accountant's parts: a composite that has scoped the accountant to
    /// one component can record another component's tokens in between.
    @inlinable @inline(always)
    public mutating func recordToken(codeLength: Double, part: Int) {
        total.add(codeLength)
        totalTokens &+= 1
        if !partSums.isEmpty {
            partSums[scopeOffset + part].add(codeLength)
            partTokens[scopeOffset + part] += 1
        }
    }

    /// Runs `body` with the accountant scoped to the parts that start at
    /// `firstPart` of the current scope: inside, part 0 is this scope's part
    /// `firstPart`. A composite trajectory calls it around each component,
    /// with `firstPart` the number of parts of the components before it.
    @inlinable @inline(always)
    public mutating func withScope<Result>(
        firstPart: Int, _ body: (inout PrequentialAccountant) throws -> Result
    ) rethrows -> Result {
        let saved = scopeOffset
        scopeOffset = saved + firstPart
        defer { scopeOffset = saved }
        precondition(partSums.isEmpty ? scopeOffset == 0 : scopeOffset < partSums.count, "a scope beyond the parts")
        return try body(&self)
    }

    /// Records `count` examples of one scored token each in part 0 of the current scope,
    /// every one coded with exactly +0 nats (certain predictions): the same
    /// state as `count` calls of `record(codeLength: 0)`, without the
    /// additions. Adding +0.0 leaves a compensated sum's two words exactly
    /// as they are (neither can be −0.0: both start at +0.0 and only a sum
    /// of two −0.0 is −0.0), so certain examples may be counted in any
    /// order relative to the others of the same part.
    @inlinable @inline(always)
    public mutating func recordCertainExamples(_ count: Int = 1) {
        precondition(count >= 0, "a negative number of certain examples")
        totalTokens &+= count
        if !partSums.isEmpty { partTokens[scopeOffset] += count }
        examples &+= count
    }

    /// Records `count` examples of one scored token each in part 0 of the
    /// current scope whose code lengths sum to `codeLength` nats: the same
    /// totals as `count` calls of ``record(codeLength:)`` up to rounding, for
    /// a learner that knows a stretch's total without its terms (a
    /// Dirichlet learner's code length depends on its counts alone).
    public mutating func recordExamples(_ count: Int, codeLength: CompensatedSum) {
        recordTokens(count, codeLength: codeLength, part: 0)
        completeExamples(count)
    }

    /// Records `count` scored tokens in `part` of the current scope (as
    /// ``recordToken(codeLength:part:)`` addresses it) whose code lengths sum
    /// to `codeLength` nats, without completing any example: the same totals
    /// as `count` calls of ``recordToken(codeLength:part:)`` up to rounding.
    public mutating func recordTokens(_ count: Int, codeLength: CompensatedSum, part: Int) {
        precondition(count >= 0, "a negative number of tokens")
        total.add(codeLength)
        totalTokens &+= count
        if !partSums.isEmpty {
            partSums[scopeOffset + part].add(codeLength)
            partTokens[scopeOffset + part] += count
        }
    }

    /// Marks the end of `count` examples whose tokens are recorded.
    public mutating func completeExamples(_ count: Int) {
        precondition(count >= 0, "a negative number of examples")
        examples &+= count
    }

    /// Marks the end of one example.
    @inlinable @inline(always)
    public mutating func completeExample() {
        examples += 1
    }

    /// The checkpoint after the examples recorded so far, for a single-part
    /// trajectory whose model now has population loss `testLoss` (nats per example).
    public func checkpoint(testLoss: Double) -> TrajectoryPoint {
        precondition(partSums.isEmpty, "a split trajectory needs checkpoint(testLossByPart:)")
        // point(testLoss:parts:) for no parts, written out: returned from a
        // helper, the point was copied once more (retaining its parts) at
        // every checkpoint.
        let n = Double(exampleCount)
        return TrajectoryPoint(
            n: exampleCount,
            scoredTokens: totalTokens,
            mdl: total.value,
            testLoss: testLoss,
            edl: total.difference(subtractingProductOf: n, and: testLoss),
            sdl: bestLoss.map { total.difference(subtractingProductOf: n, and: $0) },
            parts: [])
    }

    /// The checkpoint for a split trajectory: `testLossByPart[j]` is part j's
    /// share of the population loss (nats per example; the shares sum to the
    /// total test loss).
    public func checkpoint(testLossByPart: [Double]) -> TrajectoryPoint {
        guard !partSums.isEmpty else {
            precondition(testLossByPart.count == 1, "one part, one test loss")
            return point(testLoss: testLossByPart[0], parts: [])
        }
        precondition(testLossByPart.count == partSums.count, "one test-loss share per part")
        let n = Double(exampleCount)
        var testLoss = CompensatedSum()
        var parts: [TrajectoryPoint.Part] = []
        parts.reserveCapacity(partSums.count)
        for (index, share) in testLossByPart.enumerated() {
            testLoss.add(share)
            parts.append(
                TrajectoryPoint.Part(
                    mdl: partSums[index].value,
                    testLoss: share,
                    edl: partSums[index].difference(subtractingProductOf: n, and: share),
                    scoredTokens: partTokens[index]))
        }
        return point(testLoss: testLoss.value, parts: parts)
    }

    private func point(testLoss: Double, parts: [TrajectoryPoint.Part]) -> TrajectoryPoint {
        let n = Double(exampleCount)
        let edl: Double
        if parts.isEmpty {
            edl = total.difference(subtractingProductOf: n, and: testLoss)
        } else {
            var sum = CompensatedSum()
            for part in parts { sum.add(part.edl) }
            edl = sum.value
        }
        return TrajectoryPoint(
            n: exampleCount,
            scoredTokens: totalTokens,
            mdl: total.value,
            testLoss: testLoss,
            edl: edl,
            sdl: bestLoss.map { total.difference(subtractingProductOf: n, and: $0) },
            parts: parts)
    }
}
