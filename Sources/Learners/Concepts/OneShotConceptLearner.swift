import Foundation

/// The exact Bayesian learner of noise-free concept labels: each input
/// (concept) has one fixed label, uniform a priori on k values, so the
/// learner codes a concept's first example at log k and every later one at 0.
///
/// Memory: the label seen for each input, bit-packed in as few bits as hold
/// the k + 1 states "unseen, 0, …, k − 1" (rounded up to 2, 4, 8, 16 or 32
/// bits): a quarter of a byte per concept for k ≤ 3, so K = 10^7 concepts
/// take 2.5 MB and K = 10^6 stay in a core's L2 cache.
public struct OneShotConceptLearner: Learner {
    /// The number of labels k.
    public let labelCount: Int
    @usableFromInline let logLabelCount: Double
    /// Entry i holds 0 for an unseen input, else 1 + its label.
    @usableFromInline var entries: [UInt64]
    /// Where each input's entry lives in `entries`.
    @usableFromInline let layout: EntryLayout
    /// The number of inputs.
    @inlinable
    var inputCount: Int { layout.inputCount }
    /// The number of inputs seen so far.
    @inlinable
    public var seenCount: Int { seen }
    @usableFromInline var seen = 0

    /// Creates the learner for inputs `0..<inputCount` and `labelCount` labels.
    /// - Parameter concepts: the inputs the population uses (for ``parameterCount``; default all
    ///   `inputCount`, fewer when slot 0 is unused).
    public init(inputCount: Int, labelCount: Int, concepts: Int? = nil) {
        parameterInputs = concepts ?? inputCount
        precondition(labelCount >= 2 && labelCount < Int(UInt32.max), "needs 2..<2^32 − 1 labels")
        self.labelCount = labelCount
        logLabelCount = log(Double(labelCount))
        var shift = 1
        while (1 << (1 << shift)) <= labelCount { shift += 1 }  // 2^bits > k, i.e. k + 1 states fit
        layout = EntryLayout(inputCount: inputCount, bitShift: shift)
        entries = Array(repeating: 0, count: (inputCount + layout.positionMask) >> layout.entryShift)
    }

    /// The packing of the entries: 2^bitShift bits each, 2^(6 − bitShift)
    /// to a 64-bit word.
    @usableFromInline
    struct EntryLayout: Sendable {
        /// The number of inputs.
        @usableFromInline let inputCount: Int
        /// log2 of the bits per entry (1…5).
        @usableFromInline let bitShift: Int
        /// log2 of the entries per 64-bit word (6 − bitShift).
        @usableFromInline let entryShift: Int
        /// 2^entryShift − 1: an input's position within its word.
        @usableFromInline let positionMask: Int
        /// 2^(bits per entry) − 1: one entry's bits.
        @usableFromInline let entryMask: UInt64

        @inlinable @inline(always)
        init(inputCount: Int, bitShift: Int) {
            self.inputCount = inputCount
            self.bitShift = bitShift
            entryShift = 6 - bitShift
            positionMask = (1 << (6 - bitShift)) - 1
            entryMask = (1 << UInt64(1 << bitShift)) - 1  // bitShift ≤ 5
        }

        /// Where `input`'s entry lives: the word index and the bit offset in it.
        @inlinable @inline(always)
        func slot(_ input: Int) -> (word: Int, offset: UInt64) {
            precondition(UInt(bitPattern: input) < UInt(bitPattern: inputCount), "input out of range")
            return (input &>> entryShift, UInt64(truncatingIfNeeded: (input & positionMask) &<< bitShift))
        }
    }

    /// Where `input`'s entry lives: the word index and the bit offset in it.
    @inlinable @inline(always)
    func slot(_ input: Int) -> (word: Int, offset: UInt64) { layout.slot(input) }

    /// The stored entry of `input`: 0 if unseen, else 1 + its label.
    @inlinable @inline(always)
    func entry(_ input: Int) -> Int {
        let (word, offset) = slot(input)
        // `slot` checked the input, so the word is in range.
        let bits = entries.withUnsafeBufferPointer { $0[word] }
        return Int(truncatingIfNeeded: (bits &>> offset) & layout.entryMask)
    }

    /// log k, the code length of an unseen input, in nats.
    @inlinable
    public var unseenCodeLength: Double { logLabelCount }

    /// Whether `input` has been seen.
    @inlinable @inline(always)
    public func hasSeen(_ input: Int) -> Bool { entry(input) != 0 }

    /// log k for an unseen input; 0 for the label seen before; +∞ for any
    /// other label (impossible without noise).
    @inlinable @inline(always)
    public func codeLength(of example: LabeledExample) -> Double {
        let stored = entry(example.input)
        if stored == 0 { return logLabelCount }
        return stored &- 1 == example.label ? 0 : .infinity
    }

    /// Remembers the label of a new input.
    @inlinable @inline(always)
    public mutating func update(on example: LabeledExample) {
        _ = codeThenUpdate(on: example)
    }

    /// Codes `example` and remembers its label if the input is new, reading
    /// the entry once.
    @inlinable @inline(always)
    public mutating func codeThenUpdate(on example: LabeledExample) -> Double {
        let stored = entry(example.input)
        if stored != 0 { return stored &- 1 == example.label ? 0 : .infinity }
        let (word, offset) = slot(example.input)
        entries[word] |= UInt64(example.label &+ 1) &<< offset
        seen += 1
        return logLabelCount
    }

    /// Codes then learns `count` noise-free examples at the inputs
    /// `nextInput()` gives, `trueLabel(input)` being an input's label.
    ///
    /// An input seen before carries the label stored at its first sight, so
    /// its example is coded at exactly 0 nats and changes nothing: it is
    /// only counted. A first sight stores the label and is coded at log k;
    /// the input's expected code length goes from log k to 0, and
    /// `step(input, codeLength, before, after)` gets those numbers (nats),
    /// in order. The same numbers as ``codeThenUpdate(on:)`` per example,
    /// with the entries made unique once for the whole run.
    /// - Returns: the number of examples at inputs seen before.
    /// - Precondition: `noise` is noise-free.
    @inlinable @inline(always)
    public mutating func codeThenLearnNoiseFree(
        count: Int, noise: LabelNoise, nextInput: () -> Int, trueLabel: (Int) -> Int,
        step: (_ input: Int, _ codeLength: Double, _ before: Double, _ after: Double) -> Void
    ) -> Int {
        precondition(noise.isNoiseFree, "noise-free examples only")
        if layout.bitShift == 1 {
            // Two bits per entry (k ≤ 3, the paper's case): the same loop with
            // the layout's shifts and masks as constants, which frees the
            // registers they would hold.
            return codeThenLearnNoiseFree(
                count: count, layout: EntryLayout(inputCount: layout.inputCount, bitShift: 1),
                nextInput: nextInput, trueLabel: trueLabel, step: step)
        }
        return codeThenLearnNoiseFree(
            count: count, layout: layout, nextInput: nextInput, trueLabel: trueLabel, step: step)
    }

    /// ``codeThenLearnNoiseFree(count:noise:nextInput:trueLabel:step:)``
    /// with the entries laid out as `layout` says.
    @inlinable @inline(always)
    mutating func codeThenLearnNoiseFree(
        count: Int, layout: EntryLayout, nextInput: () -> Int, trueLabel: (Int) -> Int,
        step: (_ input: Int, _ codeLength: Double, _ before: Double, _ after: Double) -> Void
    ) -> Int {
        let (labelCount, logLabelCount) = (self.labelCount, self.logLabelCount)
        var seen = self.seen
        entries.withUnsafeMutableBufferPointer { entries in
            // Counting down, and counting first sights rather than repeats,
            // keeps the repeat path to the draw, one load and one test.
            var remaining = count
            while remaining > 0 {
                remaining &-= 1
                let input = nextInput()
                let (word, offset) = layout.slot(input)  // checks the input, so the word is in range
                if (entries[word] &>> offset) & layout.entryMask != 0 { continue }
                let label = trueLabel(input)
                precondition(UInt(bitPattern: label) < UInt(bitPattern: labelCount), "label out of range")
                entries[word] |= UInt64(truncatingIfNeeded: label &+ 1) &<< offset
                seen &+= 1
                step(input, logLabelCount, logLabelCount, 0)
            }
        }
        let firstSights = seen - self.seen
        self.seen = seen
        return count - firstSights  // every other example is a repeat
    }

    /// One label distribution per concept: (k − 1)·K free parameters, fixed in n.
    public var parameterCount: Int { parameterInputs * (labelCount - 1) }

    /// K: the inputs the population uses.
    @usableFromInline let parameterInputs: Int

    /// The expected code length of a fresh noise-free example at `input`
    /// whose label is `trueLabel`, in nats.
    @inlinable @inline(always)
    public func expectedCodeLength(at input: Int, trueLabel: Int) -> Double {
        let stored = entry(input)
        if stored == 0 { return logLabelCount }
        return stored &- 1 == trueLabel ? 0 : .infinity
    }
}
