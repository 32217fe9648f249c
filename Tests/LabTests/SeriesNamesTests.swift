import Foundation
@testable import Lab
import Testing

@Suite("Series names for plotted result files")
struct SeriesNamesTests {
    /// A sweep-like folder with two cells differing in `frequencies`, and
    /// two plain result files.
    func folder() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("edl-series-\(UUID().uuidString)")
        let cells = root.appendingPathComponent("cells")
        try FileManager.default.createDirectory(at: cells, withIntermediateDirectories: true)
        for (id, frequencies) in [("aaaa", "uniform"), ("bbbb", "zipf")] {
            try "n,edl_bits\n1,0\n".write(to: cells.appendingPathComponent("\(id).csv"), atomically: true, encoding: .utf8)
            let manifest = """
                {"manifest": {"tool": "edl", "version": "0.2.0", "scenario": "coupon-collector", "learner": "bayes",
                 "seed": 1, "generator": "xoshiro256", "replicates": 1, "units": "bits", "grid": "1", "n": [1],
                 "theory": "", "signature": null,
                 "parameters": {"K": 1000, "frequencies": "\(frequencies)", "k": 2}}, "rows": []}
                """
            try manifest.write(to: cells.appendingPathComponent("\(id).json"), atomically: true, encoding: .utf8)
        }
        for name in ["uniform", "zipf"] {
            try "n,edl_bits\n1,0\n".write(to: root.appendingPathComponent("\(name).csv"), atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test("a sweep's cells are named by the settings they differ in; other files keep their names")
    func names() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let cells = ["aaaa", "bbbb"].map { root.appendingPathComponent("cells/\($0).csv").path }
        #expect(SeriesNames.names(forResultFiles: cells) == ["frequencies=uniform", "frequencies=zipf"])
        // A file the user named keeps its name, also beside cells.
        let plain = ["uniform", "zipf"].map { root.appendingPathComponent("\($0).csv").path }
        #expect(SeriesNames.names(forResultFiles: plain) == ["uniform", "zipf"])
        #expect(SeriesNames.names(forResultFiles: [cells[0], plain[1]]) == ["aaaa", "zipf"])
        // One cell alone, or the same cell twice: nothing differs, file names.
        #expect(SeriesNames.names(forResultFiles: [cells[0]]) == ["aaaa"])
        #expect(SeriesNames.names(forResultFiles: [cells[0], cells[0]]) == ["aaaa", "aaaa"])
    }
}
