import EDL
@testable import Lab
import Testing

@Suite("Capacity study")
struct CapacityStudyTests {
    @Test("P* is the smallest P from which every larger P keeps the value ≥ 0.95; a dip moves it up")
    func threshold() {
        #expect(CapacityStudy.threshold([(1, 100, 0.96), (2, 200, 0.99), (4, 400, 1)])! == (1, 100))
        #expect(CapacityStudy.threshold([(1, 100, 0.5), (2, 200, 0.97), (3, 300, 0.93), (4, 400, 1)])! == (4, 400))
        #expect(CapacityStudy.threshold([(2, 200, 0.97), (1, 100, 2.1), (4, 400, 1)])! == (1, 100))
        #expect(CapacityStudy.threshold([(1, 100, 0.2), (2, 200, nil)]) == nil)
    }

    @Test("capacity's SE is the delta method for a ratio of independent means: √(se_a² + (a/b)²·se_b²)/|b|")
    func ratio() throws {
        let value = try #require(
            CapacityStudy.ratio(Estimate(mean: 2, count: 10, standardError: 0.1), Estimate(mean: 4, count: 10, standardError: 0.2)))
        #expect(value.mean == 0.5)
        #expect(abs((value.standardError ?? 0) - (0.02 as Double).squareRoot() / 4) < 1e-15)
        #expect(CapacityStudy.ratio(Estimate(mean: 1, count: 3, standardError: 0), Estimate(mean: 0, count: 3, standardError: 0)) == nil)
    }

    @Test("a small study: one group per task, the reference's capacity and PGR exactly 1, the same CSV on 1 and 2 threads")
    func smallStudy() throws {
        var plan = ExperimentPlan(scenario: "capacity")
        plan.grid = "40,200"
        plan.replicates = 3
        plan.parameters = [
            ("inputs", ["16"]), ("skills", ["4"]), ("task", ["elicitation", "teaching"]), ("rank", ["1", "2", "4"]),
        ]
        let one = try CapacityStudy(plan: plan, readAt: 200, threads: 1)
        let two = try CapacityStudy(plan: plan, readAt: 200, threads: 2)
        #expect(CapacityFormatter(study: one).csv == CapacityFormatter(study: two).csv)
        #expect(one.summaries.map { $0.group.map(\.value) } == [["elicitation"], ["teaching"]])
        #expect(one.rows.count == 2 * 3 * 2)
        for row in one.rows where row.rank == 4 {
            #expect(row.capacity?.mean == 1 && row.capacity?.standardError == 0 && row.pgr?.mean == 1)
        }
        for row in one.rows {
            #expect(row.parameterCount == row.rank * (8 + 4 + 16))
            #expect(abs(row.edlPerParameter.mean - row.edl.mean / Double(row.parameterCount)) < 1e-12)
        }
        #expect(one.summaries.allSatisfy { $0.referenceRank == 4 && $0.threshold != nil })
    }

    @Test("a plan without a rank axis of two distinct values, or an n off the grid, is refused")
    func refusals() {
        var plan = ExperimentPlan(scenario: "capacity")
        plan.grid = "10"
        plan.replicates = 1
        #expect(throws: LabError.self) { try CapacityStudy(plan: plan, readAt: nil, threads: 1) }
        plan.parameters = [("rank", ["2", "2"])]
        #expect(throws: LabError.self) { try CapacityStudy(plan: plan, readAt: nil, threads: 1) }
        plan.parameters = [("rank", ["1", "2"])]
        #expect(throws: LabError.self) { try CapacityStudy(plan: plan, readAt: 11, threads: 1) }
    }
}
