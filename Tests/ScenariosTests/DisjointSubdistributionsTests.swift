import EDL
import Foundation
@testable import Scenarios
import Testing

@Suite("Disjoint subdistributions")
struct DisjointSubdistributionsTests {
    @Test("the mixing's weight count is estimated before any weight is built, and a grid beyond its limit has no theory")
    func mixtureTermLimit() throws {
        // The estimate against the weights BinomialExpectation really builds: never below, at most 25 % above.
        for (grid, p) in [([10, 100, 1000, 100_000], 0.5), (Array(1...2000), 0.3), ([7, 70_000, 7_000_000], 0.01)] {
            let built = grid.reduce(0) { $0 + BinomialExpectation.weights(trials: $1, probability: p).count }
            let estimated = MixtureTheory.terms(grid: grid, probability: p)
            #expect(estimated >= Double(built) && estimated <= 1.25 * Double(built) + Double(grid.count), "\(p): \(built) vs \(estimated)")
        }
        let mixture = try ScenarioRegistry.make(
            "disjoint-subdistributions", learner: nil, assignments: [("weights", "0.5,0.5"), ("c1.K", "20"), ("c2.K", "50")])
        // Every n to 10⁵ needs 2.3·10⁸ weights (4.2 GiB, 17 s before the limit): no theory, at once.
        let start = Date()
        #expect(try mixture.expectedCurve(at: Array(1...100_000)) == nil)
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(try mixture.expectedCurve(at: Array(1...1000)) != nil)
    }

    @Test("the mixture theory for coupon components equals the per-concept formula with p_c = π_j/K_j")
    func couponMixtureTheory() throws {
        let mixture = try ScenarioRegistry.make(
            "disjoint-subdistributions", learner: nil,
            assignments: [("weights", "0.7,0.3"), ("c1.K", "20"), ("c2.K", "50"), ("c2.k", "3")])
        let grid = [1, 5, 40, 200, 1000]
        let curve = try #require(try mixture.expectedCurve(at: grid))
        for (index, n) in grid.enumerated() {
            func share(_ weight: Double, _ K: Int, _ k: Int) -> Double {
                let p = weight / Double(K)
                return log(Double(k)) * Double(K) * (1 - (1 + Double(n) * p) * pow(1 - p, Double(n)))
            }
            let (first, second) = (share(0.7, 20, 2), share(0.3, 50, 3))
            #expect(abs(curve.edl[index] - (first + second)) < 1e-9 * (first + second), "n \(n)")
            #expect(abs(curve.extras[0].values[index] - first) < 1e-9 * max(first, 1e-9))
            #expect(abs(curve.extras[1].values[index] - second) < 1e-9 * max(second, 1e-9))
        }
    }

    @Test(
        "bad input is rejected with a clear message",
        arguments: [
            ([("weights", "0.5,0.6")], "weights must sum to 1"),
            ([("weights", "0.5,0.5000001")], "weights must sum to 1"),
            ([("weights", "-0.1,1.1")], "non-negative"),
            ([("weights", "1")], "one weight per component"),
            ([("components", "nope,coupon-collector")], "component c1: unknown scenario 'nope'"),
            ([("c3.K", "5")], "only 2 components"),
            ([("c1.m", "5")], "component c1 (coupon-collector): unknown parameter 'm'"),
            ([("c2.K", "0")], "component c2 (coupon-collector): invalid value '0' for parameter 'K'"),
            ([("frozen", "3")], "component numbers in 1...2"),
            ([("c1.learner", "oracle")], "unknown learner 'oracle'"),
        ])
    func rejects(assignments: [(String, String)], message: String) {
        expectRejection("disjoint-subdistributions", assignments, mentioning: message)
    }

    @Test("weights within 1e-9 of summing to 1 are accepted, and the seed text includes the components")
    func tolerance() throws {
        let mixture = try ScenarioRegistry.make(
            "disjoint-subdistributions", learner: nil, assignments: [("weights", "0.3333333333,0.6666666667")])
        #expect(mixture.configuration.worldText.contains("c1[coupon-collector|K=100"))
        #expect(mixture.partNames == ["c1", "c2"])
        let other = try ScenarioRegistry.make(
            "disjoint-subdistributions", learner: nil, assignments: [("weights", "0.3333333333,0.6666666667"), ("c2.K", "7")])
        #expect(other.configuration.worldText != mixture.configuration.worldText)
    }
}

@Suite("Nested mixtures")
struct NestedMixtureTests {
    /// A mixture with `levels` − 1 mixtures nested inside it through c1.c1.… keys.
    func assignments(levels: Int) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = [("components", "disjoint-subdistributions,coupon-collector"), ("weights", "0.5,0.5")]
        var prefix = "c1"
        for _ in 1..<levels {
            result += [(prefix + ".components", "disjoint-subdistributions,coupon-collector"), (prefix + ".weights", "0.5,0.5")]
            prefix += ".c1"
        }
        return result
    }

    @Test("nesting is bounded: 8 mixtures inside the top one build, 9 are refused in one line before any is built (2000 once ran out of memory)")
    func depthLimit() throws {
        _ = try ScenarioRegistry.make("disjoint-subdistributions", learner: nil, assignments: assignments(levels: 9))
        for levels in [10, 2000] {
            do {
                _ = try ScenarioRegistry.make("disjoint-subdistributions", learner: nil, assignments: assignments(levels: levels))
                Issue.record("\(levels) levels were built")
            } catch {
                #expect("\(error)".contains("at most 8 levels are accepted"), "\(error)")
            }
        }
    }
}
