/// Every rule's label at every input 0…`inputCount` of a two-label
/// rule class, one bit each, computed once from the hash: the
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

    /// Tabulates a ``BinaryHashedHypothesisClass`` at inputs 0…`inputs`: its
    /// labels, from one hash per rule and block of 64 inputs (one per label
    /// would cost 64 times as many). Each
    /// 64 rules' words for a block are a 64 × 64 bit matrix (rule by input);
    /// its transpose is the table's word for those rules at each of the 64
    /// inputs.
    init(_ rules: BinaryHashedHypothesisClass, inputs: Int) {
        let m = rules.hypothesisCount
        precondition(Self.fits(rules: m, inputs: inputs), "a rule label table beyond its limit")
        wordsPerInput = (m + 63) / 64
        inputCount = inputs
        storage = Storage(count: wordsPerInput * (inputs + 1))
        let words = storage.words
        let wordsPerInput = self.wordsPerInput
        // Input 0, outside every block, label by label.
        for wordIndex in 0..<wordsPerInput {
            var word: UInt64 = 0
            for bit in 0..<min(64, m - wordIndex * 64) {
                word |= UInt64(truncatingIfNeeded: rules.label(of: wordIndex * 64 + bit, at: 0)) << UInt64(bit)
            }
            words[wordIndex] = word
        }
        let blocks = (inputs + 63) / 64
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 64) { matrix in
            for wordIndex in 0..<wordsPerInput {
                let first = wordIndex * 64
                for block in 0..<blocks {
                    for row in 0..<64 { matrix[row] = first + row < m ? rules.labelWord(of: first + row, block: block) : 0 }
                    Self.transpose(matrix)
                    // Row j now holds bit j of every rule's word: input 64·block + j + 1.
                    for bit in 0..<min(64, inputs - block * 64) {
                        words[(block * 64 + bit + 1) * wordsPerInput + wordIndex] = matrix[bit]
                    }
                }
            }
        }
        self.words = UnsafePointer(storage.words)
    }

    /// Transposes a 64 × 64 bit matrix in place (row r's bit c becomes row
    /// c's bit r), by swapping ever smaller off-diagonal blocks.
    static func transpose(_ rows: UnsafeMutableBufferPointer<UInt64>) {
        var width = 32
        var mask: UInt64 = 0x0000_0000_FFFF_FFFF
        while width != 0 {
            var row = 0
            while row < 64 {
                // Swap the upper `width` bits of row `row` with the lower ones of row `row + width`.
                let swapped = ((rows[row] >> UInt64(width)) ^ rows[row | width]) & mask
                rows[row] ^= swapped << UInt64(width)
                rows[row | width] ^= swapped
                row = ((row | width) + 1) & ~width
            }
            width >>= 1
            mask ^= mask << UInt64(width)
        }
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
