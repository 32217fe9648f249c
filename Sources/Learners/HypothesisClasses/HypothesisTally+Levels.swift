import Foundation

extension HypothesisTally where Class: BinaryHypothesisClass {
    /// ``mapLabelMasses(at:_:)`` for a noisy tally over a two-label class,
    /// from counts instead of per-rule sums: the rules s steps from the most
    /// probable all weigh e^{−|λ|s}, so the mass of label y at x is
    /// Σ_s e^{−|λ|s}·|{live h at s : h(x) = y}| over Σ_s e^{−|λ|s}·|{live h at s}|,
    /// with the same live rules (weight ≥ e⁻⁶⁰ of the best's). The counts
    /// come 64 inputs at a time: per rule and block of inputs one
    /// ``BinaryHypothesisClass/labelWord(of:block:)`` and eight
    /// shift-mask-adds into the byte counters of its level (flushed every
    /// 255 rules of a level). Each input's labels are listed in label order.
    /// The masses equal the per-rule sums' up to rounding (the counts are
    /// exact; the sums round at every rule).
    /// - Precondition: the tally is noisy.
    @inlinable
    public func mapLabelMassesByLevel<Result>(
        at inputs: [Int], _ transform: (_ position: Int, _ masses: UnsafeBufferPointer<(label: Int, mass: Double)>) -> Result
    ) -> [Result] {
        precondition(!noise.isNoiseFree, "the level counts are for a noisy tally")
        let cutoff = exp(-60.0)
        // The live levels 0..<levels (the weights fall with the spread).
        var levels = 0
        while levels < weights.count && weights[levels] >= cutoff { levels += 1 }
        // Rules per level; per input its two label sums, and whether any live
        // rule gives each label (the counts per level are kept for one block
        // of 64 inputs at a time, not for every input).
        var rulesAt = [Int](repeating: 0, count: levels)
        if !levelCounts.isEmpty {
            // Kept by the updates: the level of d is its spread from d*.
            for i in levelCounts.indices {
                let s = spread(levelBase + Int32(i))
                if s < levels { rulesAt[s] = Int(levelCounts[i]) }
            }
        } else {
            for d in disagreements {
                let s = spread(d)
                if s < levels { rulesAt[s] += 1 }
            }
        }
        var sums = [(zero: Double, one: Double, givesZero: Bool, givesOne: Bool)](
            repeating: (0, 0, false, false), count: inputs.count)
        let weights = self.weights
        /// Input `position`'s sums from the rules giving label 1 at each level.
        func settle(_ position: Int, ones: (Int) -> Int) {
            var (zero, one) = (0.0, 0.0)
            var (givesZero, givesOne) = (false, false)
            for s in 0..<levels {
                let count = ones(s)
                one += weights[s] * Double(count)
                zero += weights[s] * Double(rulesAt[s] - count)
                givesOne = givesOne || count > 0
                givesZero = givesZero || rulesAt[s] > count
            }
            sums[position] = (zero, one, givesZero, givesOne)
        }
        // The inputs ≥ 1 by block; any other input rule by rule.
        let blocks = InputBlocks(inputs, of: Class.self)
        let hypotheses = self.hypotheses
        let (best, favours) = (bestDisagreements, favoursDisagreement)
        disagreements.withUnsafeBufferPointer { disagreements in
            @inline(__always) func level(of rule: Int) -> Int {
                favours ? best - Int(disagreements[rule]) : Int(disagreements[rule]) - best
            }
            for (position, input) in inputs.enumerated() where input < 1 {
                var ones = [Int](repeating: 0, count: levels)
                for rule in 0..<disagreements.count {
                    let s = level(of: rule)
                    if UInt(bitPattern: s) < UInt(bitPattern: levels) { ones[s] += hypotheses.label(of: rule, at: input) }
                }
                settle(position) { ones[$0] }
            }
            // Eight byte-wide counters per level: counter j's byte b counts bit 8b + j.
            var counters = [UInt64](repeating: 0, count: levels * 8)
            var fills = [Int](repeating: 0, count: levels)
            var bitCounts = [Int](repeating: 0, count: levels * 64)
            let spread: UInt64 = 0x0101_0101_0101_0101
            blocks.forEachBlock { block, members in
                for index in bitCounts.indices { bitCounts[index] = 0 }
                counters.withUnsafeMutableBufferPointer { counters in
                    bitCounts.withUnsafeMutableBufferPointer { bitCounts in
                    fills.withUnsafeMutableBufferPointer { filled in
                        @inline(__always) func flush(_ s: Int) {
                            for lane in 0..<8 {
                                InputBlocks.addByteLanes(counters[s * 8 + lane], lane: lane, into: bitCounts, offset: s * 64)
                                counters[s * 8 + lane] = 0
                            }
                            filled[s] = 0
                        }
                        for rule in 0..<disagreements.count {
                            let s = level(of: rule)
                            guard UInt(bitPattern: s) < UInt(bitPattern: levels) else { continue }
                            let word = hypotheses.labelWord(of: rule, block: block)
                            let base = s &* 8
                            counters[base] &+= word & spread
                            counters[base &+ 1] &+= (word &>> 1) & spread
                            counters[base &+ 2] &+= (word &>> 2) & spread
                            counters[base &+ 3] &+= (word &>> 3) & spread
                            counters[base &+ 4] &+= (word &>> 4) & spread
                            counters[base &+ 5] &+= (word &>> 5) & spread
                            counters[base &+ 6] &+= (word &>> 6) & spread
                            counters[base &+ 7] &+= (word &>> 7) & spread
                            filled[s] &+= 1
                            if filled[s] == 255 { flush(s) }
                        }
                        for s in 0..<levels { flush(s) }
                    }
                    }
                }
                for (_, bit, position) in members { settle(position) { bitCounts[$0 * 64 + bit] } }
            }
        }
        var total = 0.0
        for s in 0..<levels { total += weights[s] * Double(rulesAt[s]) }
        var pairs: [(label: Int, mass: Double)] = []
        pairs.reserveCapacity(2)
        return inputs.indices.map { position in
            let (zero, one, givesZero, givesOne) = sums[position]
            pairs.removeAll(keepingCapacity: true)
            if givesZero { pairs.append((label: 0, mass: zero / total)) }
            if givesOne { pairs.append((label: 1, mass: one / total)) }
            return pairs.withUnsafeBufferPointer { transform(position, $0) }
        }
    }
}
