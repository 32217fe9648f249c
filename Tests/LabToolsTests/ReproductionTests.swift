import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Lab
@testable import LabTools
import Testing

@Suite("edl reproduce")
struct ReproductionTests {
    private func write(_ text: String, _ name: String, in folder: URL) throws {
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// Counts the polylines of a well-formed SVG (throws if it is not XML).
    private func polylines(in path: String) throws -> Int {
        final class Counter: NSObject, XMLParserDelegate {
            var count = 0
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
                if name == "polyline" { count += 1 }
            }
        }
        let counter = Counter()
        let parser = XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: path)))
        parser.delegate = counter
        #expect(parser.parse(), "\(path) is not well-formed XML")
        return counter.count
    }

    @Test("figures are well-formed SVG with their series, the report links them, and each CSV matches a fresh run")
    func reproduce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("edl-reproduce-\(UUID().uuidString)")
        let paper = folder.appendingPathComponent("paper")
        try FileManager.default.createDirectory(at: paper, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try write("""
            title = "Coupons"
            caption = "Two frequency laws."
            scenario = "coupon-collector"
            n = "1...300:log8"
            replicates = 30
            x_scale = 20
            mark_peak = true
            [parameters]
            frequencies = ["uniform", "zipf"]
            K = 20
            """, "coupons.toml", in: paper)
        try write("""
            title = "One trajectory"
            scenario = "coupon-collector"
            n = "60"
            replicates = 400
            area = true
            [parameters]
            K = 10
            """, "area.toml", in: paper)
        let output = folder.appendingPathComponent("out").path
        let figures = [
            PaperReproduction.Figure(name: "coupons", files: ["coupons.toml"]),
            PaperReproduction.Figure(name: "area", files: ["area.toml"]),
        ]
        let produced = try PaperReproduction(paperFolder: paper.path, output: output, threads: 2, figures: figures).run()
        #expect(produced.count == 2)
        // Two cells, each a measured line and a dashed theory line; the area chart draws its steps and
        // the expected curve.
        #expect(try polylines(in: output + "/coupons.svg") == 4)
        #expect(try polylines(in: output + "/area.svg") == 2)

        let index = try String(contentsOfFile: output + "/index.html", encoding: .utf8)
        let readme = try String(contentsOfFile: output + "/README.md", encoding: .utf8)
        for figure in produced {
            let svg = URL(fileURLWithPath: figure.svg).lastPathComponent
            #expect(index.contains("src=\"\(svg)\"") && readme.contains("(\(svg))"))
            for csv in figure.csvs {
                #expect(FileManager.default.fileExists(atPath: csv))
                #expect(index.contains(csv.replacingOccurrences(of: output + "/", with: "")))
            }
        }
        // The curves' CSV equals a fresh sweep of its experiment file.
        let fresh = folder.appendingPathComponent("fresh").path
        _ = try Sweep(plan: ExperimentPlan(contentsOf: paper.appendingPathComponent("coupons.toml").path))
            .run(into: fresh, shard: nil, resume: false, threads: 1)
        let reproduced = try String(contentsOfFile: output + "/data/coupons/results.csv", encoding: .utf8)
        #expect(reproduced == (try String(contentsOfFile: fresh + "/results.csv", encoding: .utf8)))
        // The area CSV: one row per example, code lengths of 0 or 1 bit (one-shot learner, k = 2).
        let area = try String(contentsOfFile: output + "/area.csv", encoding: .utf8).split(separator: "\n")
        #expect(area.count == 61)
        #expect(area.dropFirst().allSatisfy { $0.split(separator: ",")[1] == "0" || $0.split(separator: ",")[1] == "1" })
        // The expected cost of example i, over 400 replicates, against the exact E[L(θ_{i−1})] = q^{i−1} bits, q = 1 − 1/K
        // (the SE of a mean of 400 Bernoulli costs is at most 0.025 bits).
        for (index, line) in area.dropFirst().enumerated() {
            let expected = try #require(Double(line.split(separator: ",")[3]))
            #expect(abs(expected - pow(0.9, Double(index))) < 0.1, "example \(index + 1): \(expected)")
        }
        // Example 1 is coded by θ₀, whose loss is exactly log₂ k = 1 bit.
        #expect(area[1].split(separator: ",")[3] == "1")
        // The caption's numbers are the run's.
        let areaFigure = try #require(produced.first { $0.figure.name == "area" })
        let ones = area.dropFirst().filter { $0.split(separator: ",")[1] == "1" }.count
        #expect(areaFigure.caption.contains(String(format: "MDL = %.3f bits", Double(ones))))
    }

    @Test("every paper experiment file parses and its cells are valid")
    func paperFiles() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Scenarios/paper").standardized
        for figure in PaperReproduction.figures {
            for file in figure.files {
                let plan = try ExperimentPlan(contentsOf: folder.appendingPathComponent(file).path)
                let sweep = try Sweep(plan: plan)
                #expect(!sweep.cells.isEmpty, "\(file)")
            }
        }
    }
}
