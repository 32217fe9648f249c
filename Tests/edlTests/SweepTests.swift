import Foundation
import Testing

@Suite("edl sweep")
struct SweepTests {
    private func experimentFile(in folder: URL, axis: String = "[10, 30, 100]", replicates: Int = 200, extra: String = "") throws -> String {
        let path = folder.appendingPathComponent("coupons.toml").path
        let text = """
            # a coupon-collector sweep
            scenario = "coupon-collector"
            n = "1...3000:log10"
            replicates = \(replicates)
            seed = 11
            \(extra)
            [parameters]
            K = \(axis)
            k = 2
            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func results(_ folder: URL, _ name: String) throws -> String {
        try String(contentsOfFile: folder.appendingPathComponent(name).appendingPathComponent("results.csv").path, encoding: .utf8)
    }

    @Test("shards 1/3, 2/3, 3/3 aggregated give the unsharded results.csv, byte for byte")
    func shards() throws {
        let folder = try EDL.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try experimentFile(in: folder, axis: "[10, 20, 30, 40, 50]", replicates: 50)
        let whole = folder.appendingPathComponent("whole").path
        #expect(try EDL.run(["sweep", file, "--output", whole]).status == 0)
        let sharded = folder.appendingPathComponent("sharded").path
        for shard in ["1/3", "2/3", "3/3"] {
            #expect(try EDL.run(["sweep", file, "--output", sharded, "--shard", shard]).status == 0)
        }
        #expect(try EDL.run(["aggregate", sharded]).status == 0)
        #expect(try results(folder, "whole") == results(folder, "sharded"))
        let cells = try String(contentsOfFile: sharded + "/cells.csv", encoding: .utf8)
        #expect(cells.split(separator: "\n").count == 6 && !cells.contains("missing"))
    }

    @Test("edl plot reads a sweep's results.csv: refused whole with the columns to split by, drawn with --by K in value order")
    func plotSweepResults() throws {
        let folder = try EDL.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try experimentFile(in: folder, axis: "[100, 10, 30]", replicates: 20)
        let output = folder.appendingPathComponent("out").path
        #expect(try EDL.run(["sweep", file, "--output", output]).status == 0)
        let svg = folder.appendingPathComponent("k.svg").path
        let whole = try EDL.run(["plot", output + "/results.csv", "--output", svg])
        #expect(whole.status == 2)
        #expect(whole.standardError.contains("--by K") && whole.standardError.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: svg))
        #expect(try EDL.run(["plot", output + "/results.csv", "--by", "K", "--output", svg]).status == 0)
        let drawn = try String(contentsOfFile: svg, encoding: .utf8)
        let positions = ["K=10<", "K=30<", "K=100<"].map { drawn.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        // The cell files, named by their settings, are drawn in the settings' order too (not the fingerprints').
        // Passed in descending K (100, 30, 10), from cells.csv's id → K.
        let index = try String(contentsOfFile: output + "/cells.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        let cells = index.map { $0.split(separator: ",").map(String.init) }.sorted { Int($0[1])! > Int($1[1])! }
            .map { output + "/cells/" + $0[0] + ".csv" }
        let cellSVG = folder.appendingPathComponent("cells.svg").path
        #expect(try EDL.run(["plot"] + cells + ["--output", cellSVG]).status == 0)
        let cellText = try String(contentsOfFile: cellSVG, encoding: .utf8)
        let order = ["K=10<", "K=30<", "K=100<"].map { cellText.range(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order.compactMap { $0 } == order.compactMap { $0 }.sorted())
    }

    @Test("a folder made with other settings is refused before any work: resume with another seed, a shard in other units; aggregate names a cell made differently")
    func noSilentMixing() throws {
        let folder = try EDL.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("s").path
        let base = ["sweep", "coupon-collector", "--set", "K=10,20", "--n", "1,2,10", "--replicates", "50", "--output", output]
        #expect(try EDL.run(base).status == 0)
        let manifest = try String(contentsOfFile: output + "/sweep.json", encoding: .utf8)
        let results = try String(contentsOfFile: output + "/results.csv", encoding: .utf8)
        for extra in [["--resume", "--seed", "2"], ["--shard", "2/2", "--units", "nats"], ["--resume", "--generator", "mt19937"], ["--replicates", "60"]] {
            let outcome = try EDL.run(base + extra)
            #expect(outcome.status == 2, "\(extra)")
            #expect(outcome.standardError.contains("holds a sweep made with other settings"), "\(outcome.standardError)")
            #expect(outcome.standardError.split(separator: "\n").count == 1)
            #expect(try String(contentsOfFile: output + "/sweep.json", encoding: .utf8) == manifest)
            #expect(try String(contentsOfFile: output + "/results.csv", encoding: .utf8) == results)
        }
        #expect(try EDL.run(base + ["--resume"]).status == 0)
        // A cell file made with another seed: aggregate names it; --resume recomputes it.
        let cells = try FileManager.default.contentsOfDirectory(atPath: output + "/cells").filter { $0.hasSuffix(".json") }.sorted()
        let cellPath = output + "/cells/" + cells[0]
        let cell = try String(contentsOfFile: cellPath, encoding: .utf8)
        try cell.replacingOccurrences(of: "\"seed\" : 1,", with: "\"seed\" : 7,").write(toFile: cellPath, atomically: true, encoding: .utf8)
        let aggregate = try EDL.run(["aggregate", output])
        #expect(aggregate.status != 0 && aggregate.standardError.contains("seed 7 (files) vs 1 (this sweep)"), "\(aggregate.standardError)")
        #expect(try EDL.run(base + ["--resume"]).status == 0)
        #expect(try String(contentsOfFile: output + "/results.csv", encoding: .utf8) == results)
    }

    @Test("cells.csv gives each cell's signature and peak: the columns results.csv repeats on its rows, and its largest EDL/n")
    func cellSummaries() throws {
        let folder = try EDL.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try experimentFile(in: folder)
        let output = folder.appendingPathComponent("out").path
        #expect(try EDL.run(["sweep", file, "--output", output]).status == 0)
        func table(_ name: String) throws -> [[String: String]] {
            let lines = try String(contentsOfFile: output + "/" + name, encoding: .utf8).split(separator: "\n")
            let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return lines.dropFirst().map { line in
                Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
            }
        }
        let cells = try table("cells.csv")
        let results = try table("results.csv")
        #expect(cells.map { $0["K"] } == ["10", "30", "100"])
        for cell in cells {
            let rows = results.filter { $0["cell"] == cell["cell"] }
            #expect(rows.count == 10 && cell["status"] == "done")
            for column in ["signature", "peak_n", "peak_n_low", "peak_n_high"] {
                #expect(rows.allSatisfy { $0[column] == cell[column] }, "\(column)")
            }
            let perSample = rows.compactMap { $0["edl_per_sample_bits"].flatMap(Double.init) }
            let peak = try #require(cell["peak_edl_per_sample_bits"].flatMap(Double.init))
            #expect(peak == perSample.max())
            #expect(rows.first { $0["n"] == cell["peak_n"] }?["edl_per_sample_bits"].flatMap(Double.init) == peak)
            // The coupon collector teaches: EDL/n rises to a peak near 1.79 K.
            #expect(cell["signature"] == "teaching")
        }

        // A cell not yet run is listed as missing, with an empty summary.
        let partial = folder.appendingPathComponent("partial").path
        #expect(try EDL.run(["sweep", file, "--output", partial, "--shard", "1/3"]).status == 0)
        #expect(try EDL.run(["aggregate", partial]).status != 0)
        let index = try String(contentsOfFile: partial + "/cells.csv", encoding: .utf8).split(separator: "\n")
        #expect(index.filter { $0.hasSuffix(",missing,,,,,,,,") }.count == 2)
        #expect(index.filter { $0.contains(",done,teaching,") }.count == 1)
    }

    @Test("adding a value to an axis leaves every existing cell's rows unchanged")
    func addingValues() throws {
        let folder = try EDL.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try experimentFile(in: folder, axis: "[10, 30]", replicates: 50)
        #expect(try EDL.run(["sweep", file, "--output", folder.appendingPathComponent("small").path]).status == 0)
        #expect(try EDL.run(["sweep", file, "--set", "K=10,30,70", "--output", folder.appendingPathComponent("large").path]).status == 0)
        let small = Set(try results(folder, "small").split(separator: "\n").dropFirst())
        let large = Set(try results(folder, "large").split(separator: "\n").dropFirst())
        #expect(small.isSubset(of: large))
        #expect(large.count == small.count * 3 / 2)
    }

    @Test("a sweep killed with SIGKILL and rerun with --resume ends with the uninterrupted results.csv")
    func resumeAfterKill() throws {
        let folder = try EDL.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try experimentFile(in: folder, axis: "[10, 20, 30, 40, 50, 60, 70, 80]", replicates: 1000)
        let reference = folder.appendingPathComponent("reference").path
        #expect(try EDL.run(["sweep", file, "--output", reference]).status == 0)

        let killed = folder.appendingPathComponent("killed").path
        let process = Process()
        process.executableURL = EDL.executable
        process.arguments = ["sweep", file, "--output", killed]
        try process.run()
        // Wait for at least one finished cell, then kill the sweep mid-way.
        let cells = killed + "/cells"
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let done = (try? FileManager.default.contentsOfDirectory(atPath: cells))?.filter { $0.hasSuffix(".csv") }.count ?? 0
            if done >= 2 { break }
            usleep(20_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(!FileManager.default.fileExists(atPath: killed + "/results.csv"))

        let resumed = try EDL.run(["sweep", file, "--output", killed, "--resume"])
        #expect(resumed.status == 0)
        #expect(try results(folder, "reference") == results(folder, "killed"))
    }

    @Test(
        "malformed experiment files are rejected before any work, naming file, line, key and reason",
        arguments: [
            ("replicates = \"many\"", "bad.toml:2: replicates: expected an integer"),
            ("colour = \"red\"", "colour: unknown key"),
            ("seed = -4", "seed: expected an integer of at least 0"),
            ("n = [1, \"two\"]", "n: expected a grid string"),
            ("oops", "bad.toml:2:5: Error while parsing key-value pair: expected '='"),
            ("units = \"furlongs\"", "units: expected one of bits, nats"),
        ])
    func malformed(line: String, message: String) throws {
        let folder = try EDL.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bad.toml").path
        try "scenario = \"coupon-collector\"\n\(line)\n[parameters]\nK = 10\n".write(toFile: file, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("out").path
        let outcome = try EDL.run(["sweep", file, "--output", output])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains(message), "\(outcome.standardError)")
        #expect(outcome.standardError.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test("a value out of range names the file and line of the parameter")
    func outOfRange() throws {
        let folder = try EDL.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try experimentFile(in: folder, axis: "[10, 0]")
        let outcome = try EDL.run(["sweep", file, "--output", folder.appendingPathComponent("out").path])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("coupons.toml:8: invalid value '0' for parameter 'K'"), "\(outcome.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test("run FILE.toml runs the single cell a file describes, with command-line overrides")
    func runFile() throws {
        let folder = try EDL.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try experimentFile(in: folder, axis: "100", replicates: 20)
        let fromFile = try EDL.run(["run", file, "--format", "csv"])
        let direct = try EDL.run([
            "run", "coupon-collector", "--set", "K=100", "--set", "k=2", "--n", "1...3000:log10", "--replicates", "20",
            "--seed", "11", "--format", "csv",
        ])
        #expect(fromFile.status == 0)
        #expect(fromFile.standardOutput == direct.standardOutput)
        // A file's output names a folder for grids; a single cell still prints.
        let withFolder = try experimentFile(in: folder, axis: "100", replicates: 20, extra: "output = \"no/such/folder\"")
        let printed = try EDL.run(["run", withFolder, "--format", "csv"])
        #expect(printed.status == 0 && printed.standardOutput == direct.standardOutput)
        let overridden = try EDL.run(["run", file, "--set", "K=50", "--replicates", "5", "--format", "csv"])
        #expect(overridden.standardOutput.contains("\n1,5,"))
        let grid = try experimentFile(in: folder, axis: "[10, 20]")
        let refused = try EDL.run(["run", grid])
        #expect(refused.status == 2 && refused.standardError.contains("run it with edl sweep"))
        let asSweep = folder.appendingPathComponent("as-sweep").path
        #expect(try EDL.run(["run", grid, "--replicates", "5", "--output", asSweep]).status == 0)
        #expect(FileManager.default.fileExists(atPath: asSweep + "/results.csv"))
        let dry = try EDL.run(["sweep", grid, "--dry-run"])
        #expect(dry.standardOutput.contains("2 of 2 cells × 200 replicates × n up to 3000 = 1200000 examples"))
    }

    @Test(
        "SLURM array variables that make no sense are refused in one line, not ignored",
        arguments: [
            (["SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "2"], "invalid value 'x' for SLURM_ARRAY_TASK_ID"),
            (["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "0"], "for SLURM_ARRAY_TASK_COUNT: expected at least 1"),
            (["SLURM_ARRAY_TASK_ID": "1"], "SLURM_ARRAY_TASK_COUNT is not"),
            (
                ["SLURM_ARRAY_TASK_ID": "-9223372036854775808", "SLURM_ARRAY_TASK_MIN": "9223372036854775807", "SLURM_ARRAY_TASK_COUNT": "2"],
                "lies outside the 2 tasks"
            ),
        ])
    func slurmVariables(environment: [String: String], message: String) throws {
        let folder = try EDL.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("s").path
        let outcome = try EDL.run(
            ["sweep", "coupon-collector", "--set", "K=5,10", "--n", "1,2", "--replicates", "3", "--output", output], environment: environment)
        #expect(outcome.status == 2 && outcome.standardError.contains(message), "\(outcome.standardError)")
        #expect(outcome.standardError.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
