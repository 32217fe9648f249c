@testable import Lab
import Testing

@Suite("NGrid")
struct NGridTests {
    @Test("lists, ranges and log grids")
    func forms() throws {
        #expect(try NGrid(parsing: "1,2,5,10").points == [1, 2, 5, 10])
        #expect(try NGrid(parsing: "3...7").points == [3, 4, 5, 6, 7])
        #expect(try NGrid(parsing: "5").points == [5])
        let log = try NGrid(parsing: "1...100000:log30").points
        #expect(log.count == 30)
        #expect(log.first == 1 && log.last == 100_000)
        #expect(zip(log, log.dropFirst()).allSatisfy { $0 < $1 })
        // Away from the crowded low end, consecutive ratios are close to 10^(5/29) ≈ 1.487.
        let ratios = zip(log.dropFirst(10), log.dropFirst(11)).map { Double($1) / Double($0) }
        #expect(ratios.allSatisfy { abs($0 - 1.487) < 0.05 })
        // Exactly as many integers as points: every one of them.
        #expect(try NGrid(parsing: "1...10:log10").points == Array(1...10))
    }

    @Test(
        "malformed grids are rejected with the accepted forms",
        arguments: ["0,5", "10...1", "1...10:logx", "", "1,,2", "5,3", "a...9", "1...10:log30", "1...10:log1", "-3", "1...2...3"])
    func rejects(text: String) {
        do {
            _ = try NGrid(parsing: text)
            Issue.record("'\(text)' was accepted")
        } catch let error as LabError {
            #expect(error.description.contains("expected a list like 1,2,5,10"))
            #expect(!error.description.contains("\n"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

@Suite("SeedDerivation")
struct SeedDerivationTests {
    @Test("FNV-1a test vectors")
    func fingerprint() {
        #expect(SeedDerivation.fingerprint("") == 0xCBF2_9CE4_8422_2325)
        #expect(SeedDerivation.fingerprint("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(SeedDerivation.fingerprint("foobar") == 0x8594_4171_F739_67E8)
    }

    @Test("replicates, cells and master seeds get distinct seeds")
    func distinct() {
        let seeds = (0..<10_000).map { SeedDerivation.seed(master: 1, cell: "random-labels|inputs=0,k=2", replicate: $0) }
        #expect(Set(seeds).count == seeds.count)
        let other = SeedDerivation.seed(master: 1, cell: "random-labels|inputs=0,k=3", replicate: 0)
        #expect(other != seeds[0])
        #expect(SeedDerivation.seed(master: 2, cell: "random-labels|inputs=0,k=2", replicate: 0) != seeds[0])
        #expect(SeedDerivation.seed(master: 1, cell: "random-labels|inputs=0,k=2", replicate: 5) == seeds[5])
    }
}

@Suite("Sizes at the edge of Int")
struct EdgeSizeTests {
    @Test("n beyond 10^12 is refused in one line, and log grids near the limit keep their ends (no overflow trap)")
    func hugeGrids() throws {
        for text in ["1...9223372036854775807:log2", "9223372036854775807", "1,1000000000001"] {
            #expect(throws: LabError.self) { try NGrid(parsing: text) }
            do { _ = try NGrid(parsing: text) } catch {
                #expect("\(error)".contains("n must be at most 1000000000000"), "\(error)")
            }
        }
        let grid = try NGrid(parsing: "1...1000000000000:log3")
        #expect(grid.points == [1, 1_000_000, 1_000_000_000_000])
        let top = try NGrid(parsing: "999999999998...1000000000000:log3")
        #expect(top.points == [999_999_999_998, 999_999_999_999, 1_000_000_000_000])
    }

    @Test("a sweep's work of more than 2^63 examples is printed, not a trap")
    func hugeWork() throws {
        var plan = ExperimentPlan(scenario: "coupon-collector")
        plan.grid = "1...1000000000000:log2"
        plan.replicates = 100_000_000
        let sweep = try Sweep(plan: plan)
        #expect(sweep.work == 1e20)
        #expect(sweep.describe(shard: nil).contains("= 1.000e+20 examples"))
    }
}
