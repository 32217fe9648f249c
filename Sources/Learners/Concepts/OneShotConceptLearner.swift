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
    /// log2 of the bits per entry (1…5).
    @usableFromInline let bitShift: Int
    /// log2 of the entries per 64-bit word (6 − bitShift).
    @usableFromInline let entryShift: Int
    /// 2^entryShift − 1: an input's position within its word.
    @usableFromInline let positionMask: Int
    /// 2^(bits per entry) − 1: one entry's bits.
    @usableFromInline let entryMask: UInt64
    /// The number of inputs.
    @usableFromInline let inputCount: Int
    /// The number of inputs seen so far.
    @inlinable
    public var seenCount: Int { seen }
    @usableFromInline var seen = 0

    /// Creates the learner for inputs `0..<inputCount` and `labelCount` labels.
    public init(inputCount: Int, labelCount: Int) {
        precondition(labelCount >= 2 && labelCount < Int(UInt32.max), "needs 2..<2^32 − 1 labels")
        self.labelCount = labelCount
        self.inputCount = inputCount
        logLabelCount = log(Double(labelCount))
        var shift = 1
        while (1 << (1 << shift)) <= labelCount { shift += 1 }  // 2^bits > k, i.e. k + 1 states fit
        bitShift = shift
        entryShift = 6 - shift
        positionMask = (1 << (6 - shift)) - 1
        entryMask = (1 << UInt64(1 << shift)) - 1  // shift ≤ 5
        entries = Array(repeating: 0, count: (inputCount + (1 << (6 - shift)) - 1) >> (6 - shift))
    }

    /// Where `input`'s entry lives: the word index and the bit offset in it.
    @inlinable @inline(always)
    func slot(_ input: Int) -> (word: Int, offset: UInt64) {
        precondition(UInt(bitPattern: input) < UInt(bitPattern: inputCount), "input out of range")
        return (input &>> entryShift, UInt64(truncatingIfNeeded: (input & positionMask) &<< bitShift))
    }

    /// The stored entry of `input`: 0 if unseen, else 1 + its label.
    @inlinable @inline(always)
    func entry(_ input: Int) -> Int {
        let (word, offset) = slot(input)
        // `slot` checked the input, so the word is in range.
        let bits = entries.withUnsafeBufferPointer { $0[word] }
        return Int(truncatingIfNeeded: (bits &>> offset) & entryMask)
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

    /// One label per input: one parameter per input and label.
    public var parameterCount: Int { inputCount * labelCount }

    /// The expected code length of a fresh noise-free example at `input`
    /// whose label is `trueLabel`, in nats.
    @inlinable @inline(always)
    public func expectedCodeLength(at input: Int, trueLabel: Int) -> Double {
        let stored = entry(input)
        if stored == 0 { return logLabelCount }
        return stored &- 1 == trueLabel ? 0 : .infinity
    }
}
