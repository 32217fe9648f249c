import Dispatch
import Foundation

/// The exact posterior over a finite hypothesis class under a uniform prior
/// and symmetric label noise, kept in the form each case needs.
///
/// Without noise the posterior is uniform on the version space V_n (the rules
/// consistent with every example so far), kept as a list of survivors that
/// shrinks as examples arrive. With noise η the log posterior of rule h is
/// λ·d_h + const, with d_h the number of examples it disagrees with and
/// λ = ln(η/(k−1)) − ln(1−η); the tally keeps every d_h, a table of the
/// weights e^{λ(d − d_min)} relative to the best rule (so nothing underflows
/// and no exponential is taken per rule), and after each example the
/// normaliser and mean spread in one O(m) pass.
public struct HypothesisTally<Class: HypothesisClass>: Sendable {
    /// The hypothesis class.
    public let hypotheses: Class
    /// The noise model of the likelihood.
    public let noise: LabelNoise
    /// Survivors (noise-free only).
    @usableFromInline var survivors: [UInt32]
    /// d_h for every rule (noisy only).
    @usableFromInline var disagreements: [Int32]
    /// Z = Σ_h e^{λ(d_h − d_min)} (noisy only).
    @usableFromInline var cachedNormaliser: Double
    /// Σ_h e^{λ(d_h − d_min)}·(d_h − d_min) (noisy only), for the entropy.
    @usableFromInline var cachedWeightedSpread = 0.0
    /// The number of rules with d_h = d_min (noisy only).
    @usableFromInline var bestCount: Int
    /// d* = the disagreement count of the most probable rules: the fewest
    /// when λ ≤ 0 (η ≤ (k−1)/k, the usual case), the most when λ > 0.
    @usableFromInline var bestDisagreements = 0
    /// |λ|: the log-weight lost per step away from the most probable rules.
    @usableFromInline let decay: Double
    /// Whether more disagreements make a rule more probable (λ > 0, η > (k−1)/k).
    @usableFromInline let favoursDisagreement: Bool
    /// weights[s] = e^{−|λ| s} (noisy only), extended as s grows.
    @usableFromInline var weights: [Double] = [1]
    /// The number of examples observed.
    @usableFromInline var examplesObserved = 0
    /// The smallest d_h of any rule while ``levelCounts`` is kept (noisy only).
    @usableFromInline var levelBase: Int32 = 0
    /// levelCounts[i] = the number of rules with d_h = levelBase + i, every
    /// rule counted (noisy only); empty once the levels grow too many to be
    /// worth keeping (see ``keepsLevels(width:rules:)``), after which each
    /// example sums its rules one by one.
    @usableFromInline var levelCounts: [UInt32] = []
    /// Four interleaved per-level counts of agreeing rules, reused by ``observe(_:)``.
    @usableFromInline var agreeingByLane: [UInt32] = []
    /// The number of examples observed.
    public var observedCount: Int { examplesObserved }

    /// The prior: uniform over all m rules.
    public init(hypotheses: Class, noise: LabelNoise) {
        precondition(hypotheses.hypothesisCount >= 1 && hypotheses.hypothesisCount <= Int(UInt32.max))
        self.hypotheses = hypotheses
        self.noise = noise
        let m = hypotheses.hypothesisCount
        if noise.isNoiseFree {
            survivors = (0..<m).map { UInt32($0) }
            disagreements = []
        } else {
            survivors = []
            disagreements = Array(repeating: 0, count: m)
            if Self.keepsLevels(width: 1, rules: m) { levelCounts = [UInt32(m)] }
        }
        cachedNormaliser = Double(m)
        bestCount = m
        let lambda = noise.logLikelihoodPerDisagreement
        decay = noise.isNoiseFree ? .infinity : abs(lambda)
        favoursDisagreement = lambda > 0
    }

    /// |V_n|, the number of rules consistent with every example (noise-free);
    /// for a noisy tally, the number of rules with the fewest disagreements.
    public var consistentCount: Int {
        noise.isNoiseFree ? survivors.count : bestCount
    }

    /// The number of steps a rule with `d` disagreements lies from the most
    /// probable rules (0 for them).
    @inlinable
    func spread(_ d: Int32) -> Int {
        favoursDisagreement ? bestDisagreements - Int(d) : Int(d) - bestDisagreements
    }

    /// The unnormalised weight e^{−|λ| s} of the rules `s` steps from the most probable.
    @inlinable
    func weight(spread s: Int) -> Double {
        s < weights.count ? weights[s] : 0
    }

    /// Z = Σ_h e^{λ(d_h − d_min)} (noisy), or |V_n| (noise-free).
    @inlinable
    public var normaliser: Double {
        noise.isNoiseFree ? Double(survivors.count) : cachedNormaliser
    }

    /// The posterior mass of the rules that give `label` to `input`.
    @inlinable
    public func mass(ofLabel label: Int, at input: Int) -> Double {
        if noise.isNoiseFree {
            var agreeing = 0
            for h in survivors where hypotheses.label(of: Int(h), at: input) == label { agreeing += 1 }
            return Double(agreeing) / Double(survivors.count)
        }
        var agreeing = 0.0
        for h in 0..<disagreements.count where hypotheses.label(of: h, at: input) == label {
            agreeing += weight(spread: spread(disagreements[h]))
        }
        return agreeing / normaliser
    }

    /// Returns the posterior mass of the rules that give the example's label
    /// to its input (before the update), then conditions on the example; one pass.
    @inlinable
    public mutating func observe(_ example: LabeledExample) -> Double {
        examplesObserved += 1
        if noise.isNoiseFree {
            let before = survivors.count
            var kept = 0
            for index in 0..<before {
                let h = survivors[index]
                if hypotheses.label(of: Int(h), at: example.input) == example.label {
                    survivors[kept] = h
                    kept += 1
                }
            }
            survivors.removeLast(before - kept)
            return Double(kept) / Double(before)
        }
        if !levelCounts.isEmpty { return observeByLevel(example) }
        let normaliserBefore = normaliser
        var agreeing = 0.0
        var fewest = Int32.max
        var most = Int32.min
        for h in 0..<disagreements.count {
            var d = disagreements[h]
            if hypotheses.label(of: h, at: example.input) == example.label {
                agreeing += weight(spread: spread(d))
            } else {
                d += 1
                disagreements[h] = d
            }
            fewest = min(fewest, d)
            most = max(most, d)
        }
        summarise(best: Int(favoursDisagreement ? most : fewest))
        return agreeing / normaliserBefore
    }

    /// Moves d*, extends the weight table, and recomputes Z, the weighted
    /// spread and the count of best rules in one pass.
    @usableFromInline
    mutating func summarise(best: Int) {
        bestDisagreements = best
        extendWeights()
        var z = 0.0
        var weightedSpread = 0.0
        var best = 0
        for d in disagreements {
            let steps = spread(d)
            let w = weight(spread: steps)
            z += w
            weightedSpread += w * Double(steps)
            if steps == 0 { best += 1 }
        }
        cachedNormaliser = z
        cachedWeightedSpread = weightedSpread
        bestCount = best
    }

    /// Extends the weight table to every spread the examples so far allow
    /// (or until the weights reach 0).
    @usableFromInline
    mutating func extendWeights() {
        let largestSpread = examplesObserved
        while weights.count <= largestSpread, weights.last != 0 {
            weights.append(exp(-decay * Double(weights.count)))
        }
    }

    /// The entropy of the posterior over rules, in nats: ln |V_n| without
    /// noise, ln Z + |λ|·E[s] with noise (s the steps from the best rules).
    public var entropy: Double {
        if noise.isNoiseFree { return log(Double(survivors.count)) }
        return log(cachedNormaliser) + (decay == 0 ? 0 : decay * cachedWeightedSpread / cachedNormaliser)
    }

    /// Whether `hypothesis` is among the most probable rules.
    public func isMostProbable(_ hypothesis: Int) -> Bool {
        if noise.isNoiseFree { return survivors.contains(UInt32(hypothesis)) }
        return spread(disagreements[hypothesis]) == 0
    }

    /// The `index`-th most probable rule (in index order), for
    /// `index < consistentCount`.
    public func mostProbable(_ index: Int) -> Int {
        if noise.isNoiseFree { return Int(survivors[index]) }
        var seen = 0
        for h in 0..<disagreements.count where spread(disagreements[h]) == 0 {
            if seen == index { return h }
            seen += 1
        }
        preconditionFailure("index \(index) beyond the \(seen) most probable rules")
    }

    /// Rule-input evaluations above which ``labelMasses(at:)`` uses two workers.
    @usableFromInline static var parallelWork: Int { 1 << 20 }

    /// For each input, the posterior mass of each label the rules give it:
    /// (label, mass) pairs with masses summing to 1. Rules whose weight is
    /// below e^-60 of the best rule's are left out (their total mass is below
    /// m·e^-60 ≤ 4·10^-20, beneath double precision).
    @inlinable
    public func labelMasses(at inputs: [Int]) -> [[(label: Int, mass: Double)]] {
        mapLabelMasses(at: inputs) { _, masses in Array(masses) }
    }

    /// `transform` applied to each input's (label, mass) pairs, as
    /// ``labelMasses(at:)`` gives them, without materialising them: the
    /// buffer is valid only during the call. `transform` receives the
    /// input's position in `inputs`.
    @inlinable
    public func mapLabelMasses<Result: Sendable>(
        at inputs: [Int],
        _ transform: @Sendable (_ position: Int, _ masses: UnsafeBufferPointer<(label: Int, mass: Double)>) -> Result
    ) -> [Result] {
        var live: [UInt32]
        var liveWeights: [Double]
        if noise.isNoiseFree {
            live = survivors
            liveWeights = []  // all 1
        } else {
            live = []
            liveWeights = []
            let cutoff = exp(-60.0)
            for h in 0..<disagreements.count {
                let w = weight(spread: spread(disagreements[h]))
                if w >= cutoff {
                    live.append(UInt32(h))
                    liveWeights.append(w)
                }
            }
        }
        let total = liveWeights.isEmpty ? Double(live.count) : liveWeights.reduce(0, +)
        let k = hypotheses.labelCount
        // Beyond 2^17 labels, with few live rules for so many labels, a map
        // per input of the labels they give (a buffer of k would cost more to
        // fault in than the rules to visit); with many, the buffer, its
        // labels sorted at the end: either lists each input's labels in
        // label order with the same sums.
        if k > 1 << 17 && k > 4 * live.count {
            return inputs.indices.map { position in
                var sparse: [Int: Double] = [:]
                for index in live.indices {
                    sparse[hypotheses.label(of: Int(live[index]), at: inputs[position]), default: 0] +=
                        liveWeights.isEmpty ? 1 : liveWeights[index]
                }
                let pairs = sparse.sorted { $0.key < $1.key }.map { (label: $0.key, mass: $0.value / total) }
                return pairs.withUnsafeBufferPointer { transform(position, $0) }
            }
        }
        // Inputs are independent: with enough work they are shared between
        // two workers in two fixed halves, each input computed exactly as
        // alone, so the result is the same bit for bit on one core or two.
        let workers = inputs.count > 1 && inputs.count * live.count >= Self.parallelWork ? 2 : 1
        return withoutActuallyEscaping(transform) { transform in
            [Result](unsafeUninitializedCapacity: inputs.count) { output, initialized in
                let output = UnsafeSendableBuffer(output)
                let live = live
                let liveWeights = liveWeights
                let work: @Sendable (Int) -> Void = { worker in
                    let range = (inputs.count * worker / workers)..<(inputs.count * (worker + 1) / workers)
                    var buffer = [Double](repeating: 0, count: k)
                    var touched: [Int] = []
                    var pairs: [(label: Int, mass: Double)] = []
                    buffer.withUnsafeMutableBufferPointer { masses in
                        live.withUnsafeBufferPointer { rules in
                            liveWeights.withUnsafeBufferPointer { weights in
                                var position = range.lowerBound
                                // At most two labels: four inputs per pass over the rules (with
                                // three or four, four inputs at once measured slower than one).
                                while k <= 2, position + 4 <= range.upperBound {
                                    let sums = Self.twoLabelMassSums(
                                        at: inputs[position], inputs[position + 1], inputs[position + 2],
                                        inputs[position + 3], rules: rules, weights: weights, hypotheses: hypotheses)
                                    for offset in 0..<4 {
                                        let masses =
                                            switch offset {
                                            case 0: sums.0
                                            case 1: sums.1
                                            case 2: sums.2
                                            default: sums.3
                                            }
                                        Self.listSmallLabelMasses(
                                            masses, at: inputs[position + offset], rules: rules, total: total,
                                            hypotheses: hypotheses, into: &pairs)
                                        let value = pairs.withUnsafeBufferPointer { transform(position + offset, $0) }
                                        output.base.initializeElement(at: position + offset, to: value)
                                    }
                                    position += 4
                                }
                                for position in position..<range.upperBound {
                                    let input = inputs[position]
                                    if k <= 4 {
                                        Self.smallLabelMasses(
                                            at: input, rules: rules, weights: weights, total: total,
                                            hypotheses: hypotheses, into: &pairs)
                                        let value = pairs.withUnsafeBufferPointer { transform(position, $0) }
                                        output.base.initializeElement(at: position, to: value)
                                        continue
                                    }
                                    touched.removeAll(keepingCapacity: true)
                                    if weights.isEmpty {
                                        for rule in rules {
                                            let label = hypotheses.label(of: Int(rule), at: input)
                                            if masses[label] == 0 { touched.append(label) }
                                            masses[label] += 1
                                        }
                                    } else {
                                        for index in 0..<rules.count {
                                            let label = hypotheses.label(of: Int(rules[index]), at: input)
                                            if masses[label] == 0 { touched.append(label) }
                                            masses[label] += weights[index]
                                        }
                                    }
                                    pairs.removeAll(keepingCapacity: true)
                                    // Beyond 2^17 labels, in label order (as the map lists them).
                                    if k > 1 << 17 { touched.sort() }
                                    for label in touched { pairs.append((label: label, mass: masses[label] / total)) }
                                    let value = pairs.withUnsafeBufferPointer { transform(position, $0) }
                                    output.base.initializeElement(at: position, to: value)
                                    for label in touched { masses[label] = 0 }
                                }
                            }
                        }
                    }
                }
                if workers == 1 {
                    work(0)  // no dispatch for the common small case
                } else {
                    DispatchQueue.concurrentPerform(iterations: workers, execute: work)
                }
                initialized = inputs.count
            }
        }
    }
}

extension HypothesisTally {
    /// One input's (label, mass) pairs when there are at most four labels,
    /// the same numbers in the same order as the general loop of
    /// ``mapLabelMasses(at:_:)``: each label's mass is added up in rule
    /// order in its own accumulator, every rule adding its weight to its
    /// label's and +0 to the others (which changes no sum of non-negative
    /// weights), without a branch on the label and without an add that waits
    /// for the one before it to reach memory; the labels are then listed in
    /// the order the rules first show them, as the general loop lists them.
    @inlinable @inline(__always)
    static func smallLabelMasses(
        at input: Int, rules: UnsafeBufferPointer<UInt32>, weights: UnsafeBufferPointer<Double>, total: Double,
        hypotheses: Class, into pairs: inout [(label: Int, mass: Double)]
    ) {
        var sums = (0.0, 0.0, 0.0, 0.0)
        // The weight's bits, masked to +0 in every lane but the label's.
        @inline(__always) func add(_ weight: Double, to label: Int) {
            let bits = weight.bitPattern
            let hit = UInt64(truncatingIfNeeded: label)
            @inline(__always) func share(_ lane: UInt64) -> Double {
                Double(bitPattern: bits & (0 &- UInt64((hit ^ lane) == 0 ? 1 : 0)))
            }
            sums.0 += share(0)
            sums.1 += share(1)
            sums.2 += share(2)
            sums.3 += share(3)
        }
        if weights.isEmpty {
            for rule in rules { add(1, to: hypotheses.label(of: Int(rule), at: input)) }
        } else {
            for index in 0..<rules.count { add(weights[index], to: hypotheses.label(of: Int(rules[index]), at: input)) }
        }
        let masses = [sums.0, sums.1, sums.2, sums.3]
        pairs.removeAll(keepingCapacity: true)
        var present = 0
        for lane in 0..<4 where masses[lane] != 0 { present += 1 }
        var listed = 0
        var index = 0
        while pairs.count < present {
            let label = hypotheses.label(of: Int(rules[index]), at: input)
            index += 1
            if listed & (1 << label) == 0 {
                listed |= 1 << label
                pairs.append((label: label, mass: masses[label] / total))
            }
        }
    }

    /// The sums of ``smallLabelMasses(at:rules:weights:total:hypotheses:into:)``
    /// for four inputs in one pass over the rules, with at most two labels:
    /// each input's accumulators get the same additions in the same order
    /// as when the input is taken alone (the rule's weight in its label's
    /// lane, +0 in the other), so the same bits, with the rules and weights
    /// read once for the four inputs and eight independent additions per
    /// rule. The lanes of labels 2 and 3, which would only ever add +0, are
    /// returned as +0.
    @inlinable @inline(__always)
    static func twoLabelMassSums(
        at first: Int, _ second: Int, _ third: Int, _ fourth: Int,
        rules: UnsafeBufferPointer<UInt32>, weights: UnsafeBufferPointer<Double>, hypotheses: Class
    ) -> (SIMD4<Double>, SIMD4<Double>, SIMD4<Double>, SIMD4<Double>) {
        let lanes = SIMD2<Int64>(0, 1)
        var sums = (SIMD2<Double>(), SIMD2<Double>(), SIMD2<Double>(), SIMD2<Double>())
        @inline(__always) func add(_ weight: Double, rule: Int) {
            @inline(__always) func share(_ input: Int) -> SIMD2<Double> {
                let label = SIMD2(repeating: Int64(truncatingIfNeeded: hypotheses.label(of: rule, at: input)))
                return SIMD2<Double>().replacing(with: weight, where: lanes .== label)
            }
            sums.0 += share(first)
            sums.1 += share(second)
            sums.2 += share(third)
            sums.3 += share(fourth)
        }
        if weights.isEmpty {
            for rule in rules { add(1, rule: Int(rule)) }
        } else {
            for index in 0..<rules.count { add(weights[index], rule: Int(rules[index])) }
        }
        @inline(__always) func widened(_ pair: SIMD2<Double>) -> SIMD4<Double> { SIMD4(pair.x, pair.y, 0, 0) }
        return (widened(sums.0), widened(sums.1), widened(sums.2), widened(sums.3))
    }

    /// One input's (label, mass) pairs from its four label sums: the labels
    /// with a positive sum, in the order the rules first show them, each
    /// mass divided by `total`. (``smallLabelMasses(at:rules:weights:total:hypotheses:into:)``
    /// lists its own: calling this from it made the three-label checkpoint
    /// 1.7× slower, its loop no longer compiled without branches.)
    @inlinable @inline(__always)
    static func listSmallLabelMasses(
        _ masses: SIMD4<Double>, at input: Int, rules: UnsafeBufferPointer<UInt32>, total: Double,
        hypotheses: Class, into pairs: inout [(label: Int, mass: Double)]
    ) {
        pairs.removeAll(keepingCapacity: true)
        var present = 0
        for lane in 0..<4 where masses[lane] != 0 { present += 1 }
        var listed = 0
        var index = 0
        while pairs.count < present {
            let label = hypotheses.label(of: Int(rules[index]), at: input)
            index += 1
            if listed & (1 << label) == 0 {
                listed |= 1 << label
                pairs.append((label: label, mass: masses[label] / total))
            }
        }
    }
}

/// A buffer pointer handed to workers that write disjoint elements.
@usableFromInline
struct UnsafeSendableBuffer<Element>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutableBufferPointer<Element>

    @inlinable
    init(_ base: UnsafeMutableBufferPointer<Element>) { self.base = base }
}
