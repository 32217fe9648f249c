import GSL
import Lab
import LabTools
import Testing

@Suite("Benchmark draw loops")
struct DrawLoopTests {
    @Test("the draws-only loop makes exactly the stated draws, the same at any thread count")
    func drawLoopMatchesDirectDraws() throws {
        let loop = DrawLoop(setupBounds: [1 << 20, 1 << 32], exampleBounds: [64, 2], examples: 300, replicates: 150)
        #expect(loop.drawCount == 150 * (2 + 300 * 2))
        // The same draws made here one replicate after another.
        var expected: UInt64 = 0
        for replicate in 0..<150 {
            var seeds = SplitMix64(seed: UInt64(replicate))
            let random = try RandomSource(seed: seeds.next())
            for bound in [1 << 20, 1 << 32] { expected &+= UInt64(random.uniformInteger(below: bound)) }
            for _ in 0..<300 {
                for bound in [64, 2] { expected &+= UInt64(random.uniformInteger(below: bound)) }
            }
        }
        #expect(try loop.run(generator: .standard, threads: 1) == expected)
        #expect(try loop.run(generator: .standard, threads: 2) == expected)
    }

    @Test("the benchmark workloads' draw loops match their command lines")
    func workloadsAreConsistent() {
        for workload in BenchmarkWorkload.standard {
            guard let draws = workload.draws else { continue }
            #expect(workload.learnerSteps == draws.replicates * draws.examples, "\(workload.name)")
            let replicates = workload.arguments.firstIndex(of: "--replicates").map { workload.arguments[$0 + 1] }
            #expect(replicates == String(draws.replicates), "\(workload.name)")
            let grid = workload.arguments.firstIndex(of: "--n").map { workload.arguments[$0 + 1] } ?? ""
            #expect(grid.hasPrefix("1...\(draws.examples):"), "\(workload.name)")
        }
    }

    @Test("every workload's learner steps are its replicates times its grid's last n; siblings exist; scaling families have two sizes")
    func workloadsAreWellFormed() {
        let all = BenchmarkWorkload.standard
        #expect(Set(all.map(\.name)).count == all.count)
        for workload in all where workload.arguments.first == "run" {
            let replicates = workload.arguments.firstIndex(of: "--replicates").flatMap { Int(workload.arguments[$0 + 1]) }
            let grid = workload.arguments.firstIndex(of: "--n").map { workload.arguments[$0 + 1] } ?? ""
            let last = grid.split(separator: ":")[0].components(separatedBy: "...").last.flatMap { Int($0) }
            #expect(replicates != nil && last != nil && workload.learnerSteps == replicates! * last!, "\(workload.name)")
        }
        for workload in all {
            if let sibling = workload.sibling {
                #expect(all.contains { $0.name == sibling.name && $0.name != workload.name }, "\(workload.name)")
            }
        }
        let families = Dictionary(grouping: all.compactMap(\.scaling), by: \.family)
        for (family, members) in families {
            #expect(Set(members.map(\.size)).count >= 2, "\(family)")
        }
    }
}
