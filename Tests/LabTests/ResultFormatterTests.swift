import EDL
import Foundation
import LabTestSupport
@testable import Lab
import Scenarios
import Testing

@Suite("ResultFormatter")
struct ResultFormatterTests {
    private func result(learner: String = "kt", replicates: Int = 30) throws -> ExperimentResult {
        let experiment = try Experiment(
            scenario: ScenarioRegistry.make("random-labels", learner: learner, assignments: []),
            grid: NGrid(parsing: "1,10,100"), replicates: replicates, seed: 4)
        return try ExperimentRunner(threads: 2).run(experiment)
    }

    @Test("CSV: the contract's columns first, in order, one row per n, no comments")
    func csvContract() throws {
        let text = try ResultFormatter(unit: .bits).render(result(), as: .csv)
        let lines = text.split(separator: "\n").map(String.init)
        let required = [
            "n", "replicates", "mdl_bits", "mdl_bits_se", "test_loss_bits", "test_loss_bits_se", "edl_bits",
            "edl_bits_se", "edl_per_sample_bits", "edl_per_sample_bits_se", "theory_edl_bits",
        ]
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(Array(header.prefix(required.count)) == required)
        #expect(lines.count == 4)
        #expect(!lines.contains { $0.hasPrefix("#") })
        for line in lines.dropFirst() {
            #expect(line.split(separator: ",", omittingEmptySubsequences: false).count == header.count)
            #expect(!line.lowercased().contains("nan") && !line.contains("inf"))
        }
        #expect(lines[1].hasPrefix("1,30,1,0,"))  // MDL(1) = 1 bit exactly, SE 0
    }

    @Test("nats rename every unit column and scale by ln 2")
    func nats() throws {
        let computed = try result()
        let bits = try ResultFormatter(unit: .bits).render(computed, as: .csv)
        let nats = try ResultFormatter(unit: .nats).render(computed, as: .csv)
        #expect(nats.hasPrefix("n,replicates,mdl_nats,mdl_nats_se,test_loss_nats"))
        #expect(!nats.contains("_bits"))
        let mdlBits = try #require(Double(bits.split(separator: "\n")[3].split(separator: ",")[2]))
        let mdlNats = try #require(Double(nats.split(separator: "\n")[3].split(separator: ",")[2]))
        #expect(abs(mdlBits * log(2.0) - mdlNats) < 1e-9 * mdlNats)
    }

    @Test("the run manifest reads back to what was written, in bits and in nats, signature and L* included",
          arguments: [InformationUnit.bits, .nats])
    func manifestRoundTrip(unit: InformationUnit) throws {
        let result = try runExperiment("coupon-collector", "bayes", [("K", "20"), ("frequencies", "zipf")], grid: "1...200:log8", replicates: 50, seed: 3)
        let text = try ResultFormatter(unit: unit).render(result, as: .json)
        let manifest = try RunManifest.read(document: Data(text.utf8), source: "run.json")
        #expect(manifest == RunManifest(result: result, unit: unit))
        #expect(manifest.units == unit.rawValue && manifest.seed == 3 && manifest.n == result.grid.points)
        #expect(manifest.parameters["K"] == .integer(20) && manifest.parameters["frequencies"] == .text("zipf"))
        #expect(manifest.bestLoss == result.bestLoss.map(unit.fromNats))
        let signature = try #require(manifest.signature)
        #expect(signature.units == unit.rawValue && signature.peakN == result.signature?.peakN)
        #expect(text.contains("\"peak_edl_per_sample_\(unit.rawValue)\""))
        // Not a run document: one line naming the file and the missing key.
        do {
            _ = try RunManifest.read(document: Data("{\"manifest\": {\"tool\": \"edl\"}}".utf8), source: "bad.json")
            Issue.record("a manifest without its keys was read")
        } catch {
            #expect("\(error)".hasPrefix("'bad.json' is not a run's JSON document written by edl: missing key"), "\(error)")
        }
    }

    @Test("the CSV header is the contract's columns in their order, in bits and in nats")
    func headerIsTheContract() throws {
        let result = try runExperiment("random-labels", "kt", [], grid: "1,10", replicates: 20, seed: 2)
        for unit in InformationUnit.allCases {
            let u = unit.rawValue
            let expected = [
                "n", "replicates", "mdl_\(u)", "mdl_\(u)_se", "test_loss_\(u)", "test_loss_\(u)_se", "edl_\(u)",
                "edl_\(u)_se", "edl_per_sample_\(u)", "edl_per_sample_\(u)_se", "theory_edl_\(u)", "edl_\(u)_ci95_low",
                "edl_\(u)_ci95_high", "edl_over_mdl", "sdl_\(u)", "sdl_\(u)_se", "theory_edl_per_sample_\(u)",
                "theory_mdl_\(u)", "theory_test_loss_\(u)", "generalization_gain_\(u)", "generalization_gain_\(u)_se",
                "parameter_count", "scored_tokens", "edl_per_token_\(u)", "edl_per_token_\(u)_se", "edl_per_param_\(u)",
                "edl_per_param_\(u)_se", "train_loss_\(u)", "train_loss_\(u)_se", "regret_\(u)", "regret_\(u)_se",
                "generalization_gap_\(u)", "generalization_gap_\(u)_se", "edl_degenerate",
            ]
            let csv = try ResultFormatter(unit: unit).render(result, as: .csv)
            #expect(csv.split(separator: "\n")[0].split(separator: ",").map(String.init) == expected)
        }
        // Labels come with their units.
        #expect(ChartRequest.describe("regret_bits") == "regret (bits)")
        #expect(ChartRequest.describe("edl_per_param_nats") == "EDL/P (nats/param)")
        #expect(ChartRequest.describe("train_loss_bits") == "training loss (bits/example)")
        #expect(ChartRequest.describe("parameter_count") == "trainable parameters P")
        #expect(ChartRequest.describe("edl_c2_format_bits") == "EDL share of c2_format (bits)")
    }

    @Test("where every replicate agrees, the row says so and its 95 % interval reaches the exact expectation (or the rule-of-three width)")
    func degenerateIntervals() throws {
        // Hypothesis collapse, m = 2^16, n = 40: all 40 replicates have found the rule (16 bits), the
        // expectation is 15.998 bits (a rare draw leaves it unfound: about 1 in 10^4 replicates, 65535
        // wrong rules each surviving ~30 distinct inputs with probability 2^-30); coupons at n = 1…3 likewise.
        for (scenario, assignments, grid, replicates) in [
            ("hypothesis-collapse", [("m", "65536")], "40", 40), ("coupon-collector", [], "1...3", 100),
        ] as [(String, [(name: String, value: String)], String, Int)] {
            let result = try runExperiment(scenario, "bayes", assignments, grid: grid, replicates: replicates, seed: 1)
            for row in result.rows {
                let theory = try #require(row.theoryEDL)
                #expect(row.isDegenerate, "\(scenario) n = \(row.n)")
                #expect(abs(row.edl.mean - theory) > 4 * (row.edl.standardError ?? 0), "the 4-SE rule would misfire here")
                let interval = try #require(row.edlInterval95)
                #expect(interval.contains(theory) && interval.contains(row.edl.mean), "\(scenario) n = \(row.n): \(interval) vs \(theory)")
            }
            let csv = try ResultFormatter(unit: .bits).render(result, as: .csv)
            let table = try ResultTable(csv: csv, source: "t.csv")
            #expect(table.columns["edl_degenerate"]?.allSatisfy { $0 == 1 } == true)
            #expect(try ResultFormatter(unit: .bits).render(result, as: .table).contains("* every replicate gave the same EDL"))
        }
        // The uniform learner is exact on every draw: degenerate, and its interval is the point 0.
        let uniform = try runExperiment("random-labels", "uniform", [], grid: "10", replicates: 50, seed: 1)
        #expect(uniform.rows[0].isDegenerate && uniform.rows[0].edlInterval95 == 0...0)
        // Without a closed form: ± (3/R)·n·L(θ₀) around the mean (a row built by hand: R = 60, n = 400,
        // EDL 9.5 nats on every replicate, L(θ₀) = 0.25 + 0.5 nats).
        var measured = [Estimate?](repeating: nil, count: ResultSchema.Measure.count)
        measured[ResultSchema.Measure.edl.rawValue] = Estimate(mean: 9.5, count: 60, standardError: 0)
        measured[ResultSchema.Measure.testLoss.rawValue] = Estimate(mean: 0.25, count: 60, standardError: 0)
        measured[ResultSchema.Measure.generalizationGain.rawValue] = Estimate(mean: 0.5, count: 60, standardError: 0)
        let row = ResultRow(n: 400, measured: measured, metrics: [], parts: [], theoryEDL: nil, theoryMDL: nil, theoryTestLoss: nil)
        let halfWidth = 3.0 / 60 * 400 * 0.75
        #expect(row.isDegenerate && row.edlInterval95 == (9.5 - halfWidth)...(9.5 + halfWidth))
        // Spread replicates are not degenerate and keep Student's interval.
        let kt = try runExperiment("random-labels", "kt", [], grid: "100", replicates: 50, seed: 1)
        #expect(!kt.rows[0].isDegenerate && kt.rows[0].edlInterval95 == kt.rows[0].edl.confidenceInterval95)
    }

    @Test("the aggregation adds every measured quantity of the schema, each into its own slot")
    func everyMeasureAggregated() throws {
        var accountant = PrequentialAccountant(bestLoss: 0.125)
        for length in [1.0, 2.0, 0.5] { accountant.record(codeLength: length) }
        var point = accountant.checkpoint(testLoss: 0.5)
        point.trainingCodeLength = 0.75
        let checkpoint = ReplicateCheckpoint(point: point, initialLoss: 1.25, parameterCount: 4)
        var summary = ChunkSummary(gridCount: 2, metricCount: 0, partCount: 1)
        summary.add(checkpoint, metrics: [], at: 1)
        let rows = summary.rows(grid: [1, 3], theory: nil)
        for measure in ResultSchema.Measure.allCases {
            let expected = try #require(measure.value(of: checkpoint), "\(measure) has a value here")
            #expect(rows[1][measure]?.mean == expected, "\(measure)")
            #expect(rows[0][measure] == nil, "\(measure) went to the wrong grid point")
        }
        // Hand values of a few: EDL = 3.5 − 3·0.5, gain 1.25 − 0.5, EDL/P = 2/4, train 0.75/3.
        #expect(rows[1].edl.mean == 2 && rows[1].generalizationGain.mean == 0.75)
        #expect(rows[1].edlPerParameter?.mean == 0.5 && rows[1].trainingLoss?.mean == 0.25)
        #expect(rows[1].sdl?.mean == 3.125 && rows[1].regret?.mean == 2.75)
    }

    @Test("a result's table in memory holds exactly the numbers its CSV does (parts, metrics, theory extras)")
    func tableInMemoryEqualsCSV() throws {
        for (scenario, learner, assignments) in [
            ("disjoint-subdistributions", "product", [("components", "random-labels,format-capability"), ("weights", "0.5,0.5"), ("c2.K", "20")]),
            ("hypothesis-collapse", "bayes", [("m", "64")]),
            ("coupon-collector", "sgd", [("K", "10")]),
        ] as [(String, String, [(name: String, value: String)])] {
            let result = try runExperiment(scenario, learner, assignments, grid: "1...50:log5", replicates: 30, seed: 5)
            for unit in InformationUnit.allCases {
                let memory = try ResultTable(result: result, unit: unit)
                let parsed = try ResultTable(csv: ResultFormatter(unit: unit).render(result, as: .csv), source: "t.csv")
                #expect(memory.names == parsed.names && memory.rowCount == parsed.rowCount)
                for name in parsed.names {
                    #expect(memory.columns[name]?.map { $0?.bitPattern } == parsed.columns[name]?.map { $0?.bitPattern }, "\(scenario) \(name)")
                }
            }
        }
    }

    @Test("JSON has a manifest and the same numbers as the CSV")
    func json() throws {
        let computed = try result()
        let text = try ResultFormatter(unit: .bits).render(computed, as: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let manifest = try #require(object["manifest"] as? [String: Any])
        #expect(manifest["scenario"] as? String == "random-labels")
        #expect(manifest["learner"] as? String == "kt")
        #expect(manifest["seed"] as? Int == 4)
        #expect(manifest["units"] as? String == "bits")
        #expect((manifest["parameters"] as? [String: Any])?["k"] as? Int == 2)
        #expect(manifest["n"] as? [Int] == [1, 10, 100])
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count == 3)
        let csv = try ResultFormatter(unit: .bits).render(computed, as: .csv)
        let edlFromCSV = try #require(Double(csv.split(separator: "\n")[2].split(separator: ",")[6]))
        #expect(rows[1]["edl_bits"] as? Double == edlFromCSV)
    }

    @Test("one replicate: standard errors are empty, not NaN")
    func singleReplicate() throws {
        let text = try ResultFormatter(unit: .bits).render(result(replicates: 1), as: .csv)
        let row = text.split(separator: "\n")[2].split(separator: ",", omittingEmptySubsequences: false)
        #expect(row[1] == "1")
        #expect(row[7] == "")  // edl_bits_se
        #expect(!text.lowercased().contains("nan"))
    }

    @Test("the table aligns columns and names units")
    func table() throws {
        let text = try ResultFormatter(unit: .bits).render(result(), as: .table)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[1].contains("EDL (bits)") && lines[1].contains("L_test (bits/ex)"))
        let verdict = try #require(lines.firstIndex { $0.hasPrefix("signature: ") })
        // KT's n = 1 row is the same on every replicate: its SE is marked, with a footnote above the verdict.
        #expect(lines[verdict - 1].hasPrefix("* every replicate gave the same EDL"))
        #expect(Set(lines[1..<(verdict - 1)].map(\.count)).count == 1)
        #expect(lines[(verdict + 1)...].allSatisfy { $0.hasPrefix("warning: ") })
    }

    @Test("the table ends with the regret split where the learner reports it: KT at n = 1 has regret log₂(3/2), gap log₂(4/3) − ½ log₂(16/3)")
    func tableSplit() throws {
        let lines = try ResultFormatter(unit: .bits).render(result(), as: .table).split(separator: "\n").map(String.init)
        #expect(lines[1].hasSuffix("regret (bits)  gap (bits)"))
        let cells = lines[2].split(separator: " ").map(String.init)
        #expect(cells.suffix(2) == ["0.58496", "-0.79248"])  // log₂ 1.5 = 0.584963, log₂(4/3) − ½ log₂(16/3) = −0.792481
        let noisy = try ExperimentRunner(threads: 2).run(
            Experiment(
                scenario: ScenarioRegistry.make("coupon-collector", learner: "bayes", assignments: [("noise", "0.1"), ("K", "20")]),
                grid: NGrid(parsing: "1,10"), replicates: 5, seed: 4))
        let plain = try ResultFormatter(unit: .bits).render(noisy, as: .table)
        #expect(!plain.contains("regret"))  // not tracked for noisy Bayes on coupons: no empty columns
    }
}

@Suite("AtomicFile")
struct AtomicFileTests {
    @Test("writes the whole text, and a missing folder leaves nothing behind")
    func writes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("edl-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.csv").path
        try AtomicFile.write("a,b\n1,2\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a,b\n1,2\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.csv"])
        let missing = folder.appendingPathComponent("no/such/out.csv").path
        #expect(throws: LabError.self) { try AtomicFile.write("x", to: missing) }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}

@Suite("ResultTable and ChartRequest")
struct ChartRequestTests {
    @Test("a CSV reads back to its numbers, with empty cells as nil")
    func readBack() throws {
        let table = try ResultTable(csv: "n,edl_bits,edl_bits_se\n1,-0.5,\n10,2.5,0.25\n", source: "t.csv")
        #expect(table.rowCount == 2)
        #expect(table.columns["edl_bits"] == [-0.5, 2.5])
        #expect(table.columns["edl_bits_se"] == [nil, 0.25])
        #expect(throws: LabError.self) { try ResultTable(csv: "n,a\n1\n", source: "short.csv") }
        #expect(throws: LabError.self) { try ResultTable(csv: "n,a\n1,2,3\n", source: "long.csv") }
        #expect(throws: LabError.self) { try ResultTable(csv: "n,a\n1,nan\n", source: "nan.csv") }
        #expect(throws: LabError.self) { try ResultTable(csv: "n,a\n1,-inf\n", source: "inf.csv") }
        let text = try ResultTable(csv: "n,a\n1,x\n", source: "text.csv")
        #expect(text.columns["a"] == nil && text.text["a"] == ["x"])
        #expect(throws: LabError.self) { try text.numbers("a", source: "text.csv") }
    }

    @Test("a sweep's results.csv reads: quoted list values stay one cell, cell ids are text, CRLF and blank lines are fine")
    func sweepResults() throws {
        let csv = "cell,weights,K,n,edl_bits\r\nab12,\"0.9,0.1\",100,1,0.5\r\n\r\nab12,\"0.9,0.1\",100,2,0.75\r\n"
            + "cd34,\"0.5,0.5\",5,1,0.25\r\ncd34,\"0.5,0.5\",5,2,0.5\r\nef56,\"0.5,0.5\",20,1,1\r\n"
        let table = try ResultTable(csv: csv, source: "results.csv")
        #expect(table.rowCount == 5)
        #expect(table.text["weights"] == ["0.9,0.1", "0.9,0.1", "0.5,0.5", "0.5,0.5", "0.5,0.5"])
        #expect(table.columns["cell"] == nil && table.columns["weights"] == nil)
        #expect(table.columns["edl_bits"] == [0.5, 0.75, 0.25, 0.5, 1])
        // Several series in one file: plotting it whole is refused with the columns to split by.
        var request = ChartRequest()
        request.y = ["edl_bits"]
        #expect(throws: LabError.self) { try request.chart([("results", table)]) }
        do { _ = try request.chart([("results", table)]) } catch {
            #expect("\(error)".contains("--by weights --by K"), "\(error)")
        }
        // Split by K: ordered by value (5 < 20 < 100, not as text), each group its own rows.
        let groups = try table.split(by: ["K"], source: "results.csv")
        #expect(groups.map(\.name) == ["K=5", "K=20", "K=100"])
        #expect(groups.map(\.table.rowCount) == [2, 1, 2])
        #expect(groups[2].table.columns["edl_bits"] == [0.5, 0.75])
        let byTwo = try table.split(by: ["weights", "K"], source: "results.csv")
        #expect(byTwo.map(\.name) == ["weights=0.5,0.5 K=5", "weights=0.5,0.5 K=20", "weights=0.9,0.1 K=100"])
        let chart = try request.chart(groups.map { ($0.name, $0.table) })
        #expect(chart.series.map(\.name) == ["K=5", "K=20", "K=100"])
        #expect(throws: LabError.self) { try table.split(by: ["colour"], source: "results.csv") }
    }

    @Test("the chart has the measured series with a ±2 SE band and the theory dashed")
    func chartFromTable() throws {
        let csv = "n,edl_per_sample_bits,edl_per_sample_bits_se,theory_edl_per_sample_bits\n1,-0.2,0,-0.2\n10,0.05,0.01,0.056\n1000,0.004,0.001,0.0039\n"
        let chart = try ChartRequest().chart([("kt", ResultTable(csv: csv, source: "kt.csv"))])
        #expect(chart.series.count == 2)
        #expect(chart.series[0].band?[1].upper == 0.07)
        #expect(chart.series[1].style == .theory && chart.series[1].colorIndex == chart.series[0].colorIndex)
        #expect(chart.xAxis.scale == .logarithmic)  // n spans three decades
        #expect(chart.yAxis.label == "EDL/n (bits/example)")
        var twoColumns = ChartRequest()
        twoColumns.y = ["edl_per_sample_bits", "theory_edl_per_sample_bits"]
        let both = try twoColumns.chart([("kt", ResultTable(csv: csv, source: "kt.csv"))])
        #expect(both.series.filter { $0.style == .measured }.count == 2)
        #expect(both.yAxis.label == "bits")
        #expect(both.title == "EDL/n, theory EDL/n (bits/example) against n", "\(both.title)")
        var request = ChartRequest()
        request.y = ["no_such_column"]
        #expect(throws: LabError.self) { try request.chart([("kt", ResultTable(csv: csv, source: "kt.csv"))]) }
    }
}

@Suite("Chart errors")
struct ChartErrorTests {
    private func table(_ csv: String) throws -> ResultTable { try ResultTable(csv: csv, source: "t.csv") }

    @Test("non-finite cells are rejected when the CSV is read, naming row and column")
    func nonFinite() {
        #expect(throws: LabError("'t.csv' row 3, column edl_per_sample_bits: 'nan' is not a finite number")) {
            try ResultTable(csv: "n,edl_per_sample_bits\n1,0.5\n2,nan\n", source: "t.csv")
        }
        #expect(throws: LabError.self) { try ResultTable(csv: "n,edl_per_sample_bits\n1,inf\n", source: "t.csv") }
    }

    @Test("no rows to plot is an error, not an empty chart")
    func empty() throws {
        let empty = try table("n,edl_per_sample_bits\n")
        #expect(throws: LabError.self) { try ChartRequest().chart([("t", empty)]) }
    }

    @Test("a log axis with a non-positive value names the column")
    func logAxis() throws {
        let data = try table("n,edl_per_sample_bits\n1,0\n10,0.2\n")
        var request = ChartRequest()
        request.logY = true
        do {
            _ = try request.chart([("t", data)])
            Issue.record("accepted a zero on a log axis")
        } catch let error as LabError {
            #expect(error.description.contains("column 'edl_per_sample_bits'"))
        }
        var logX = ChartRequest()
        logX.logX = true
        #expect(throws: LabError.self) { try logX.chart([("t", try table("n,edl_per_sample_bits\n0,1\n1,2\n"))]) }
    }

    @Test("--mark-peak marks the largest value of each series")
    func peak() throws {
        var request = ChartRequest()
        request.markPeaks = true
        let chart = try request.chart([("t", try table("n,edl_per_sample_bits\n1,0.1\n10,0.4\n100,0.2\n"))])
        #expect(chart.markers.map(\.x) == [10])
    }
}
