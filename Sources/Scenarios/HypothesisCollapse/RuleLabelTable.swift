/// Every rule's label at every input 0…`inputCount` of a two-label
/// ``HashedHypothesisClass``, one bit each, computed once from the hash: the
/// noisy Bayes and MAP learners ask for all m rules' labels at every example
/// and at every input of every checkpoint, and a bit costs less to read than
/// the hash costs to compute. Input x's bits are contiguous (rule h at bit
/// h mod 64 of word ⌊h/64⌋), so a pass over the rules at a few inputs reads
/// a few sequential streams.
struct RuleLabelTable: @unchecked Sendable {  // its words never change once built
    /// The bits, in storage that frees them when the last copy goes.
    private let storage: Storage
    /// The table's words, input after input.
    private let words: UnsafePointer<UInt64>
    /// The words per input: ⌈m / 64⌉.
    private let wordsPerInput: Int
    /// The largest input in the table.
    let inputCount: Int

    /// Tables at most this many bits (m × (inputs + 1)) are built: 32 MiB.
    static let largestBits = 1 << 28

    /// The bytes of the table for `rules` rules and inputs 0…`inputs`.
    static func bytes(rules: Int, inputs: Int) -> Double {
        Double((rules + 63) / 64) * Double(inputs + 1) * 8
    }

    /// Whether a table for `rules` rules and inputs 0…`inputs` is within ``largestBits``.
    static func fits(rules: Int, inputs: Int) -> Bool {
        let (bits, overflow) = rules.multipliedReportingOverflow(by: inputs + 1)
        return !overflow && bits <= largestBits
    }

    /// Tabulates `label(h, x)` ∈ {0, 1} (any other value is not allowed) for rules 0..<`rules` and inputs 0…`inputs`.
    init(rules: Int, inputs: Int, label: (_ rule: Int, _ input: Int) -> Int) {
        precondition(Self.fits(rules: rules, inputs: inputs), "a rule label table beyond its limit")
        wordsPerInput = (rules + 63) / 64
        inputCount = inputs
        storage = Storage(count: wordsPerInput * (inputs + 1))
        for input in 0...inputs {
            let row = storage.words + input * wordsPerInput
            for wordIndex in 0..<wordsPerInput {
                var word: UInt64 = 0
                let first = wordIndex * 64
                for bit in 0..<min(64, rules - first) {
                    word |= UInt64(truncatingIfNeeded: label(first + bit, input)) << UInt64(bit)
                }
                row[wordIndex] = word
            }
        }
        words = UnsafePointer(storage.words)
    }

    /// The label of `rule` at `input` (0…``inputCount``).
    @inline(__always)
    func label(of rule: Int, at input: Int) -> Int {
        let word = words[input &* wordsPerInput &+ (rule &>> 6)]
        return Int(truncatingIfNeeded: (word &>> UInt64(truncatingIfNeeded: rule & 63)) & 1)
    }

    /// Owns the words; immutable once the table is built.
    private final class Storage: @unchecked Sendable {
        let words: UnsafeMutablePointer<UInt64>

        /// Room for `count` words, each written once by the table's builder.
        init(count: Int) { words = .allocate(capacity: count) }

        deinit { words.deallocate() }
    }
}
