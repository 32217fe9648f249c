import Foundation

/// The exact noise-free Bayesian learner over a two-label class with a
/// uniform prior, counting its version space's labels 64 inputs at a time.
///
/// Noise-free, the posterior is uniform on the version space V (the rules
/// consistent with every example so far) and predicts label y at x with
/// |{h ∈ V : h(x) = y}| / |V|: the same numbers as
/// ``FiniteClassBayesLearner`` noise-free, bit for bit. A checkpoint's
/// expected code lengths at many inputs take one pass over V per block of
/// 64 inputs, with one ``BinaryHypothesisClass/labelWord(of:block:)`` per
/// rule, where the tally asks for one label per rule and input.
public struct BinaryVersionSpaceLearner<Class: BinaryHypothesisClass>: Learner {
    /// The rules.
    public let hypotheses: Class
    /// V, in increasing order.
    @usableFromInline var survivors: [UInt32]

    /// The uniform prior over `hypotheses` (two labels, at most 2^32 rules).
    public init(hypotheses: Class) {
        precondition(hypotheses.labelCount == 2, "a binary class has two labels")
        precondition(hypotheses.hypothesisCount >= 1 && hypotheses.hypothesisCount <= 1 << 32, "between 1 and 2^32 rules")
        self.hypotheses = hypotheses
        survivors = (0..<hypotheses.hypothesisCount).map { UInt32(truncatingIfNeeded: $0) }
    }

    /// |V|: the rules consistent with every example so far.
    public var consistentCount: Int { survivors.count }

    /// The posterior's entropy, log |V|, in nats.
    public var entropy: Double { log(Double(survivors.count)) }

    /// −ln(|{h ∈ V : h(x) = y}| / |V|), in nats.
    @inlinable
    public func codeLength(of example: LabeledExample) -> Double {
        var agreeing = 0
        for h in survivors where hypotheses.label(of: Int(h), at: example.input) == example.label { agreeing += 1 }
        return -log(Double(agreeing) / Double(survivors.count))
    }

    /// Keeps the rules that agree with the example.
    @inlinable
    public mutating func update(on example: LabeledExample) {
        _ = codeThenUpdate(on: example)
    }

    /// Codes the example and keeps the rules that agree with it, in one pass.
    @inlinable
    public mutating func codeThenUpdate(on example: LabeledExample) -> Double {
        let before = survivors.count
        var kept = 0
        let hypotheses = self.hypotheses
        survivors.withUnsafeMutableBufferPointer { rules in
            for index in 0..<before {
                let h = rules[index]
                rules[kept] = h
                kept &+= hypotheses.label(of: Int(h), at: example.input) == example.label ? 1 : 0
            }
        }
        survivors.removeLast(before - kept)
        return -log(Double(kept) / Double(before))
    }

    /// A distribution over the m hypotheses: m − 1 free parameters.
    public var parameterCount: Int { hypotheses.hypothesisCount - 1 }

    /// −ln(|{h ∈ V : h(x) = trueLabel(x)}| / |V|) at each input, in nats: the
    /// expected code length of a fresh noise-free example there. Inputs ≥ 1
    /// are counted a block of 64 at a time; any other input rule by rule.
    @inlinable
    public func expectedCodeLengths(at inputs: [Int], trueLabel: (Int) -> Int) -> [Double] {
        let size = Double(survivors.count)
        var lengths = [Double](repeating: 0, count: inputs.count)
        for (position, input) in inputs.enumerated() where input < 1 {
            let label = trueLabel(input)
            var agreeing = 0
            for h in survivors where hypotheses.label(of: Int(h), at: input) == label { agreeing += 1 }
            lengths[position] = -log(Double(agreeing) / size)
        }
        InputBlocks(inputs, of: Class.self).forEachBlock { block, members in
            // The true labels as a word: a rule agrees at bit j when its word matches there.
            var truth: UInt64 = 0
            for (_, bit, position) in members where trueLabel(inputs[position]) == 1 { truth |= 1 << UInt64(bit) }
            let counts = agreementCounts(block: block, truth: truth)
            for (_, bit, position) in members { lengths[position] = -log(Double(counts[bit]) / size) }
        }
        return lengths
    }

    /// For each bit j of `block`, how many rules of V give input 64·block + j + 1
    /// the label of bit j of `truth`.
    @inlinable
    func agreementCounts(block: Int, truth: UInt64) -> [Int] {
        var counts = [Int](repeating: 0, count: 64)
        let hypotheses = self.hypotheses
        let spread: UInt64 = 0x0101_0101_0101_0101
        survivors.withUnsafeBufferPointer { rules in
            var start = 0
            while start < rules.count {
                // Eight byte-wide counters per lane j: byte b counts bit 8b + j.
                // At most 255 words per round, so no byte overflows.
                let end = min(rules.count, start + 255)
                var (c0, c1, c2, c3, c4, c5, c6, c7): (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
                    (0, 0, 0, 0, 0, 0, 0, 0)
                for index in start..<end {
                    let agree = ~(hypotheses.labelWord(of: Int(rules[index]), block: block) ^ truth)
                    c0 &+= agree & spread
                    c1 &+= (agree &>> 1) & spread
                    c2 &+= (agree &>> 2) & spread
                    c3 &+= (agree &>> 3) & spread
                    c4 &+= (agree &>> 4) & spread
                    c5 &+= (agree &>> 5) & spread
                    c6 &+= (agree &>> 6) & spread
                    c7 &+= (agree &>> 7) & spread
                }
                counts.withUnsafeMutableBufferPointer { counts in
                    for (lane, counter) in [c0, c1, c2, c3, c4, c5, c6, c7].enumerated() {
                        InputBlocks.addByteLanes(counter, lane: lane, into: counts)
                    }
                }
                start = end
            }
        }
        return counts
    }
}
