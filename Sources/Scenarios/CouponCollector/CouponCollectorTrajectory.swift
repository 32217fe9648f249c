import EDL
import GSL
import Learners

/// One replicate of ``CouponCollector``: a world fixing each concept's label,
/// a stream of (concept, noisy label) examples, and one learner.
///
/// The population loss Σ_c p_c·loss_c is kept as a running sum: each example
/// changes only its own concept's loss, so a checkpoint costs O(1). The
/// number of concepts with a positive loss is counted exactly, so the loss is
/// exactly 0 once every concept is learned (the running sum alone would leave
/// a rounding residue of about 10^-16, possibly negative).
struct CouponCollectorTrajectory<Model: ConceptLearner>: Trajectory {
    private(set) var learner: Model
    var isLearning = true
    private let random: RandomSource
    private let labels: HashedHypothesisClass
    let noise: LabelNoise
    let frequencies: ConceptFrequencies
    private var loss: CompensatedSum
    private var conceptsWithLoss: Int
    private var coverage = CompensatedSum()
    private var seen: [UInt64]
    /// With noise, each concept's expected code length after its last
    /// sighting (read only once it has been seen): a concept's state changes
    /// only at its own examples, so this is its expected code length before
    /// the next one, and the learner computes it once per example, not twice.
    private var expectedCodeLengthSinceSighting: [Double]
    /// The number of examples so far.
    private var examples = 0
    var spareThreads = 0

    /// The shortest run of examples whose draws are made ahead on a spare
    /// thread (below it, starting the thread costs more than it saves).
    static var prefetchedRun: Int { 1 << 17 }

    init(learner: Model, scenario: CouponCollector, random: RandomSource) {
        self.learner = learner
        self.random = random
        let key = UInt64(random.uniformInteger(below: 1 << 32)) << 32 | UInt64(random.uniformInteger(below: 1 << 32))
        labels = HashedHypothesisClass(
            hypothesisCount: 1, labelCount: scenario.labelCount, key: key, hasDiagnosticInput: false)
        noise = scenario.noise
        frequencies = scenario.frequencies
        seen = Array(repeating: 0, count: (scenario.conceptCount + 63) / 64)
        expectedCodeLengthSinceSighting = scenario.noise.isNoiseFree ? [] : Array(repeating: 0, count: scenario.conceptCount)
        // Before any example every learner here predicts 1/k for every label.
        var initial = CompensatedSum()
        let initialLoss = learner.expectedCodeLength(at: 1, trueLabel: labels.label(of: 0, at: 0), noise: noise)
        initial.add(initialLoss)
        loss = initial
        conceptsWithLoss = initialLoss > 0 ? scenario.conceptCount : 0
    }

    /// The label concept c carries in this world.
    @inline(always)
    func label(of concept: Int) -> Int { labels.label(of: 0, at: concept) }

    @_specialize(where Model == PerInputDirichletLearner)
    @_specialize(where Model == DigitwiseBayesLearner)
    @_specialize(where Model == UniformLearner)
    mutating func advance(by count: Int, recording accountant: inout PrequentialAccountant) {
        var prelude = NoPrelude()
        advance(by: count, recording: &accountant, after: &prelude)
    }

    /// ``advance(by:recording:)`` with `prelude`'s tokens recorded before
    /// each example (a composite's tokens that precede the answer).
    @inline(always)
    mutating func advance<Prelude: ExamplePrelude>(
        by count: Int, recording accountant: inout PrequentialAccountant, after prelude: inout Prelude
    ) {
        examples += count
        guard isLearning else {
            for _ in 0..<count {
                prelude.recordTokens(into: &accountant)
                let (concept, _, observed) = drawExample()
                markSeen(concept, probability: frequencies.probability(of: concept))
                accountant.record(codeLength: learner.codeLength(of: LabeledExample(input: concept + 1, label: observed)))
            }
            return
        }
        if noise.level == 0, let table = frequencies.table {
            // Zipf concepts, noise-free: the same loop, drawing from the alias table.
            if var generator = random.localXoshiro() {
                var concepts = LookaheadTabulatedConcepts(draws: generator, table: table)
                advanceNoiseFree(by: count, drawingFrom: &concepts, recording: &accountant, after: &prelude)
                generator = concepts.draws
                random.resume(from: generator)
            } else {
                var concepts = TabulatedConcepts(draws: random, table: table)
                advanceNoiseFree(by: count, drawingFrom: &concepts, recording: &accountant, after: &prelude)
            }
            return
        }
        if noise.level == 0 {
            // The paper's case: its own loop, with the generator's state in
            // registers when it is xoshiro256** (the same draws either way).
            let (conceptCount, p) = (frequencies.count, frequencies.probability(of: 0))
            if var generator = random.localXoshiro() {
                if spareThreads > 0, count >= Self.prefetchedRun, conceptCount <= 1 << 32,
                    let prefetched = PrefetchedUniformIntegers(from: generator, bound: conceptCount, count: count)
                {
                    // A long run with a core to spare: the draws are made
                    // ahead on it, the same numbers in the same order.
                    var concepts = UniformConcepts(draws: prefetched, count: conceptCount, p: p)
                    advanceNoiseFree(by: count, drawingFrom: &concepts, recording: &accountant, after: &prelude)
                    generator = concepts.draws.finish()
                } else {
                    var concepts = UniformConcepts(draws: generator, count: conceptCount, p: p)
                    advanceNoiseFree(by: count, drawingFrom: &concepts, recording: &accountant, after: &prelude)
                    generator = concepts.draws
                }
                random.resume(from: generator)
            } else {
                var concepts = UniformConcepts(draws: random, count: conceptCount, p: p)
                advanceNoiseFree(by: count, drawingFrom: &concepts, recording: &accountant, after: &prelude)
            }
            return
        }
        if frequencies.table == nil, var generator = random.localXoshiro(),
            advanceNoisy(by: count, drawingFrom: &generator, recording: &accountant, after: &prelude)
        {
            random.resume(from: generator)
            return
        }
        for _ in 0..<count {
            prelude.recordTokens(into: &accountant)
            let (concept, truth, observed) = drawExample()
            let p = frequencies.probability(of: concept)
            let before =
                markSeen(concept, probability: p)
                ? learner.expectedCodeLength(at: concept + 1, trueLabel: truth, noise: noise)
                : expectedCodeLengthSinceSighting[concept]
            let (codeLength, after) = learner.codeThenUpdate(
                on: LabeledExample(input: concept + 1, label: observed), expectingAfter: truth, noise: noise)
            expectedCodeLengthSinceSighting[concept] = after
            accountant.record(codeLength: codeLength)
            if after != before { recordLossChange(before, after, probability: p) }
        }
    }

    /// ``advance(by:recording:after:)`` with noise-free labels, drawing the
    /// concepts from `concepts` (uniform ones: the paper's case; or Zipf's,
    /// from the alias table).
    ///
    /// The learner runs the loop (``ConceptLearner/codeThenLearnNoiseFree(count:noise:nextInput:trueLabel:step:)``):
    /// the one-shot learner only counts an example of a concept seen
    /// before, which carries the label stored at first sight, so it is
    /// coded at exactly 0 nats and changes nothing; the accountant records
    /// the count (the same state as recording each 0). Every other example
    /// is a full step, recorded in order.
    ///
    /// The loop runs inside the learner with everything it touches in
    /// locals (the generator, the accountant, the coverage bits and sums),
    /// so it holds no call: a call would make it keep its values in memory.
    @inline(always)
    private mutating func advanceNoiseFree<Concepts: ConceptDrawing, Prelude: ExamplePrelude>(
        by count: Int, drawingFrom concepts: inout Concepts, recording accountant: inout PrequentialAccountant,
        after prelude: inout Prelude
    ) {
        let labels = self.labels
        var generator = concepts
        let probabilities = concepts  // read only, for p_c
        var last = (concept: -1, probability: 0.0)
        // Taken out rather than copied: a copy would share the part arrays,
        // and its first record would copy them (a malloc per call, and a
        // composite calls once per example).
        var books = PrequentialAccountant()
        swap(&books, &accountant)
        var (coverage, loss, conceptsWithLoss) = (self.coverage, self.loss, self.conceptsWithLoss)
        var seen: [UInt64] = []
        swap(&seen, &self.seen)  // taken out, so writing it copies nothing
        defer {
            concepts = generator
            swap(&books, &accountant)
            (self.coverage, self.loss, self.conceptsWithLoss) = (coverage, loss, conceptsWithLoss)
            swap(&seen, &self.seen)
        }
        let repeats = seen.withUnsafeMutableBufferPointer { seen in
            learner.codeThenLearnNoiseFree(
                count: count, noise: noise,
                nextInput: {
                    prelude.recordTokens(into: &books)
                    let next = generator.nextConcept()
                    last = next
                    return next.concept &+ 1
                },
                trueLabel: { labels.label(of: 0, at: $0 &- 1) },
                step: { input, codeLength, before, after in
                    books.record(codeLength: codeLength)
                    // (The concept just drawn, whose p came with it, unless
                    // a learner steps on an earlier one.)
                    let p = input &- 1 == last.concept ? last.probability : probabilities.probability(of: input &- 1)
                    Self.markSeen(input &- 1, probability: p, in: seen, coverage: &coverage)
                    if after != before {
                        Self.recordLossChange(
                            before, after, probability: p, loss: &loss, conceptsWithLoss: &conceptsWithLoss)
                    }
                })
        }
        books.recordCertainExamples(repeats)
    }

    /// ``advance(by:recording:after:)`` with noisy labels and uniform
    /// concepts, in the learner's own loop when it has one
    /// (``ConceptLearner/codeThenLearnNoisy(count:noise:nextExample:step:)``),
    /// drawing from `generator` what ``drawExample()`` draws, in the same
    /// order. Everything the loop touches is in locals, as in
    /// ``advanceNoiseFree(by:drawingFrom:recording:after:)``.
    /// - Returns: `false`, having drawn nothing, when the learner has no such loop.
    @inline(always)
    private mutating func advanceNoisy<Prelude: ExamplePrelude>(
        by count: Int, drawingFrom generator: inout Xoshiro256StarStar,
        recording accountant: inout PrequentialAccountant, after prelude: inout Prelude
    ) -> Bool {
        let (conceptCount, p, labels) = (frequencies.count, frequencies.probability(of: 0), self.labels)
        let (level, labelCount) = (noise.level, noise.labelCount)
        var draws = generator
        var books = PrequentialAccountant()
        swap(&books, &accountant)
        var (coverage, loss, conceptsWithLoss) = (self.coverage, self.loss, self.conceptsWithLoss)
        var seen: [UInt64] = []
        swap(&seen, &self.seen)
        defer {
            generator = draws
            swap(&books, &accountant)
            (self.coverage, self.loss, self.conceptsWithLoss) = (coverage, loss, conceptsWithLoss)
            swap(&seen, &self.seen)
        }
        return seen.withUnsafeMutableBufferPointer { seen in
            learner.codeThenLearnNoisy(
                count: count, noise: noise,
                nextExample: {
                    prelude.recordTokens(into: &books)
                    let concept = draws.uniformInteger(below: conceptCount)
                    let truth = labels.label(of: 0, at: concept)
                    var observed = truth
                    if level > 0, draws.uniform() < level {
                        // (truth + 1 + a draw below k − 1) mod k, without a division.
                        observed = truth &+ 1 &+ draws.uniformInteger(below: labelCount &- 1)
                        if observed >= labelCount { observed &-= labelCount }
                    }
                    Self.markSeen(concept, probability: p, in: seen, coverage: &coverage)
                    return (LabeledExample(input: concept &+ 1, label: observed), truth)
                },
                step: { _, codeLength, before, after in
                    books.record(codeLength: codeLength)
                    if after != before {
                        Self.recordLossChange(
                            before, after, probability: p, loss: &loss, conceptsWithLoss: &conceptsWithLoss)
                    }
                })
        }
    }

    /// Draws one example: the concept, its true label and the observed
    /// (possibly flipped) label.
    ///
    /// `mutating` although it changes nothing: called from ``advance(by:recording:)``
    /// a non-mutating method made the compiler copy the whole trajectory
    /// (with a retain of every array) on every example.
    @inline(always)
    private mutating func drawExample() -> (concept: Int, truth: Int, observed: Int) {
        let concept = frequencies.draw(using: random)
        let truth = label(of: concept)
        var observed = truth
        if noise.level > 0, random.bernoulli(noise.level) {
            let k = noise.labelCount
            observed = (truth + 1 + random.uniformInteger(below: k - 1)) % k
        }
        return (concept, truth, observed)
    }

    /// Adds concept c's probability to the coverage the first time it is seen.
    /// Returns whether this is the concept's first sighting.
    @inline(always) @discardableResult
    private mutating func markSeen(_ concept: Int, probability p: Double) -> Bool {
        // (No `p ?? frequencies.probability(of:)` here: its autoclosure
        // captured a copy of the whole trajectory on every example.)
        seen.withUnsafeMutableBufferPointer { Self.markSeen(concept, probability: p, in: $0, coverage: &coverage) }
    }

    /// Sets concept c's bit in `seen` and adds p to `coverage` if it was
    /// clear; returns whether it was.
    @inline(always) @discardableResult
    private static func markSeen(
        _ concept: Int, probability p: Double, in seen: UnsafeMutableBufferPointer<UInt64>,
        coverage: inout CompensatedSum
    ) -> Bool {
        let (word, bit) = (concept >> 6, UInt64(1) << UInt64(concept & 63))
        precondition(word >= 0 && word < seen.count, "concept out of range")
        guard seen[word] & bit == 0 else { return false }
        seen[word] |= bit
        coverage.add(p)
        return true
    }

    /// Moves the running population loss by p·(after − before).
    @inline(always)
    private mutating func recordLossChange(_ before: Double, _ after: Double, probability p: Double) {
        Self.recordLossChange(before, after, probability: p, loss: &loss, conceptsWithLoss: &conceptsWithLoss)
    }

    /// Moves `loss` by p·(after − before) and keeps the count of concepts
    /// with a positive loss.
    @inline(always)
    private static func recordLossChange(
        _ before: Double, _ after: Double, probability p: Double, loss: inout CompensatedSum,
        conceptsWithLoss: inout Int
    ) {
        loss.add(p * (after - before))
        if before > 0, after == 0 { conceptsWithLoss -= 1 } else if before == 0, after > 0 { conceptsWithLoss += 1 }
    }

    func populationLoss() -> Double { conceptsWithLoss == 0 ? 0 : loss.value }

    var parameterCount: Int { learner.parameterCount }

    /// The learner's code length on its training examples (`nil` when
    /// frozen, or when the learner does not track it).
    func trainingCodeLength() -> Double? {
        isLearning ? learner.trainingCodeLength(examples: examples, noise: noise) : nil
    }

    /// coverage: the probability mass of the concepts seen so far.
    func metricValues() -> [Double?] { [coverage.value] }
}

/// ``CouponCollectorTrajectory`` with the one-shot learner, as a concrete type
/// (see ``ConcreteTrajectory``).
struct OneShotCouponTrajectory: ConcreteTrajectory {
    var base: CouponCollectorTrajectory<OneShotConceptLearner>
}
