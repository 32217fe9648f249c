import Foundation

extension HypothesisTally {
    /// Whether a noisy tally over `rules` rules keeps its rules' counts per
    /// disagreement level when they span `width` levels: while four
    /// interleaved counts per level cost less to clear and sum than the
    /// per-rule pass they replace.
    @inlinable
    static func keepsLevels(width: Int, rules: Int) -> Bool {
        width <= rules / 4
    }

    /// ``observe(_:)`` for a noisy tally that keeps ``levelCounts``: one pass
    /// over the rules adds each rule's agreement with the example to the
    /// count of its level (four interleaved counts, so that neighbouring
    /// rules at one level do not wait on each other's stores) and moves the
    /// disagreeing rules one level up. The mass that agrees, the normaliser,
    /// the weighted spread and the best rules then come from the counts in
    /// O(levels), where the per-rule path sums a weight per rule twice. The
    /// counts are exact, so the numbers equal the per-rule sums' up to
    /// rounding.
    @inlinable
    mutating func observeByLevel(_ example: LabeledExample) -> Double {
        let width = levelCounts.count
        let base = Int(levelBase)
        let (input, label) = (example.input, example.label)
        let hypotheses = self.hypotheses
        agreeingByLane.removeAll(keepingCapacity: true)
        agreeingByLane.append(contentsOf: repeatElement(0, count: 4 * width))
        disagreements.withUnsafeMutableBufferPointer { disagreements in
            agreeingByLane.withUnsafeMutableBufferPointer { agreeing in
                let rules = disagreements.count
                @inline(__always) func visit(_ rule: Int, lane: Int) {
                    let d = disagreements[rule]
                    let agrees: Int32 = hypotheses.label(of: rule, at: input) == label ? 1 : 0
                    agreeing[lane &+ Int(d) &- base] &+= UInt32(bitPattern: agrees)
                    disagreements[rule] = d &+ 1 &- agrees
                }
                var rule = 0
                while rule + 4 <= rules {
                    visit(rule, lane: 0)
                    visit(rule &+ 1, lane: width)
                    visit(rule &+ 2, lane: 2 &* width)
                    visit(rule &+ 3, lane: 3 &* width)
                    rule += 4
                }
                while rule < rules {
                    visit(rule, lane: 0)
                    rule += 1
                }
            }
        }
        // The agreeing mass under the weights before the example.
        let normaliserBefore = cachedNormaliser
        var agreeingMass = 0.0
        var moved: UInt32 = 0  // rules arriving at level i from level i − 1
        var counts = [UInt32](repeating: 0, count: width + 1)
        for i in 0..<width {
            let agree =
                agreeingByLane[i] &+ agreeingByLane[width &+ i] &+ agreeingByLane[2 &* width &+ i]
                &+ agreeingByLane[3 &* width &+ i]
            agreeingMass += weight(spread: spread(Int32(base + i))) * Double(agree)
            counts[i] = agree &+ moved
            moved = levelCounts[i] &- agree
        }
        counts[width] = moved
        // Drop the empty levels at either end.
        let first = counts.firstIndex { $0 != 0 }!
        let last = counts.lastIndex { $0 != 0 }!
        levelBase = Int32(base + first)
        levelCounts.removeAll(keepingCapacity: true)
        levelCounts.append(contentsOf: counts[first...last])
        bestDisagreements = favoursDisagreement ? base + last : base + first
        extendWeights()
        var z = 0.0
        var weightedSpread = 0.0
        for i in levelCounts.indices {
            let steps = spread(Int32(Int(levelBase) + i))
            let w = weight(spread: steps) * Double(levelCounts[i])
            z += w
            weightedSpread += w * Double(steps)
        }
        cachedNormaliser = z
        cachedWeightedSpread = weightedSpread
        bestCount = Int(favoursDisagreement ? levelCounts[levelCounts.count - 1] : levelCounts[0])
        if !Self.keepsLevels(width: levelCounts.count, rules: disagreements.count) {
            levelCounts = []  // from here on, rule by rule
            agreeingByLane = []
        }
        return agreeingMass / normaliserBefore
    }
}
