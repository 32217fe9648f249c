import EDL
import Foundation
@testable import Scenarios
import Testing

@Suite("Disjoint subdistributions")
struct DisjointSubdistributionsTests {
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
