import Foundation
import LabTools
import Testing

@Suite("Benchmark numpy references")
struct NumpyReferenceTests {
    /// Benchmarks/reference, found from this file's path.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Benchmarks/reference")

    @Test("the CPU seconds are read from the script's last cpu_seconds line, and only from a well-formed one")
    func readsReportedSeconds() {
        #expect(NumpyReference.cpuSeconds(reportedIn: "n=1 mdl=0.5\ncpu_seconds=0.161\n") == 0.161)
        #expect(NumpyReference.cpuSeconds(reportedIn: "cpu_seconds=9\nn=2\ncpu_seconds=1.5") == 1.5)
        #expect(NumpyReference.cpuSeconds(reportedIn: "n=1 mdl=0.5\n") == nil)
        #expect(NumpyReference.cpuSeconds(reportedIn: "cpu_seconds=fast\n") == nil)
        #expect(NumpyReference.cpuSeconds(reportedIn: "cpu_seconds=nan\n") == nil)
        #expect(NumpyReference.cpuSeconds(reportedIn: "cpu_seconds=-1\n") == nil)
    }

    @Test("every numpy reference exists and is given the sizes of its workload's command line")
    func referencesMatchTheirWorkloads() throws {
        let withNumpy = BenchmarkWorkload.standard.filter { $0.numpy != nil }
        #expect(withNumpy.count >= 7)
        for workload in withNumpy {
            let reference = try #require(workload.numpy)
            let text = try String(contentsOf: Self.folder.appendingPathComponent(reference.script), encoding: .utf8)
            // The script's usage line names its arguments: "usage: python3 coupon.py [K] [n] [replicates] [points]".
            let usage = try #require(text.split(separator: "\n").first { $0.hasPrefix("usage: python3 \(reference.script)") })
            let names = usage.split(separator: "[").dropFirst().map { String($0.prefix { $0 != "]" }) }
            #expect(names.count == reference.arguments.count, "\(workload.name)")
            for (name, value) in zip(names, reference.arguments) {
                #expect(expected(name, in: workload.arguments) == value, "\(workload.name): \(name)")
            }
        }
    }

    /// The value the command line `arguments` gives the script argument `name`.
    private func expected(_ name: String, in arguments: [String]) -> String? {
        func option(_ flag: String) -> String? { arguments.firstIndex(of: flag).map { arguments[$0 + 1] } }
        func setting(_ key: String) -> String? {
            arguments.indices.dropLast().first { arguments[$0] == "--set" && arguments[$0 + 1].hasPrefix(key + "=") }
                .map { String(arguments[$0 + 1].dropFirst(key.count + 1)) }
        }
        let grid = option("--n") ?? ""  // "1...N:logP"
        switch name {
        case "n": return grid.split(separator: ":").first?.components(separatedBy: "...").last
        case "points": return grid.split(separator: ":").last.map { String($0.dropFirst("log".count)) }
        case "replicates": return option("--replicates")
        case "eta": return setting("noise")
        default: return setting(name)
        }
    }
}
