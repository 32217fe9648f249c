import Foundation
import Testing

/// Runs the built `edl` executable as a user would, and checks what it prints,
/// its exit status, and the files it leaves.
struct EDL {
    struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The `edl` binary beside this test bundle in the build folder.
    static let executable: URL = {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ].compactMap { $0 }
        for folder in candidates {
            let url = folder.appendingPathComponent("edl")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return candidates[0].appendingPathComponent("edl")
    }()

    /// A new empty folder for a test's output files; the caller removes it.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("edl-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }
}

@Suite("edl command line")
struct CommandLineTests {
    private func csvColumn(_ csv: String, _ name: String) throws -> [String] {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let index = try #require(lines.first?.firstIndex { $0 == name })
        return lines.dropFirst().map { String($0[index]) }
    }

    @Test("uniform learner: edl_bits is 0 on every row")
    func uniformZero() throws {
        let outcome = try EDL.run([
            "run", "random-labels", "--learner", "uniform", "--n", "1,10,100", "--replicates", "50", "--seed", "1",
            "--format", "csv",
        ])
        #expect(outcome.status == 0)
        let edl = try csvColumn(outcome.standardOutput, "edl_bits").map { try #require(Double($0)) }
        #expect(edl.count == 3)
        #expect(edl.allSatisfy { abs($0) < 1e-9 })
    }

    @Test("an output that is an input, or another output of the same command, is refused before any work and nothing is written")
    func outputsAreDistinct() throws {
        let folder = try EDL.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let experiment = folder.appendingPathComponent("e.toml").path
        let text = "scenario = \"coupon-collector\"\nn = \"1,10\"\nreplicates = 5\n"
        try text.write(toFile: experiment, atomically: true, encoding: .utf8)
        let link = folder.appendingPathComponent("link.toml").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: experiment)
        let svg = folder.appendingPathComponent("o.svg").path
        let cases: [([String], String)] = [
            (["run", experiment, "--output", experiment], "is also the experiment file"),
            (["run", experiment, "--output", link], "is also the experiment file"),
            (["run", "coupon-collector", "--n", "10", "--output", svg, "--plot", svg], "--plot"),
            (["plot", svg, "--output", svg], "is also the input"),
        ]
        for (arguments, message) in cases {
            let outcome = try EDL.run(arguments)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.standardError.contains(message), "\(outcome.standardError)")
            #expect(outcome.standardError.split(separator: "\n").count == 1)
        }
        #expect(try String(contentsOfFile: experiment, encoding: .utf8) == text)
        #expect(!FileManager.default.fileExists(atPath: svg))
    }

    @Test("work above the limit is refused up front with the estimate and the option that lifts it")
    func workLimit() throws {
        let start = Date()
        for arguments in [
            ["run", "coupon-collector", "--n", "1000000000000"],
            ["sweep", "coupon-collector", "--set", "K=10,20", "--n", "1000000000", "--replicates", "1000", "--output", "never"],
            ["capacity", "capacity", "--set", "rank=1,2", "--n", "100000000000"],
            // n is small, the extra epochs are not: 1000 replicates × (1000 + 10⁴ epochs × (1000 + 10⁷)) ≈ 10¹⁴.
            [
                "run", "random-labels", "--learner", "sgd", "--set", "inputs=1000", "--set", "epochs=10000",
                "--set", "early_stopping=true", "--set", "validation=10000000", "--n", "1000", "--replicates", "1000",
            ],
            // Ten examples, but each checkpoint's exact test loss sums 2^22 rules over 10⁶ inputs (hours before).
            ["run", "hypothesis-collapse", "--set", "m=4194304", "--set", "noise=0.1", "--set", "inputs=1000000", "--n", "10", "--replicates", "1"],
        ] {
            let outcome = try EDL.run(arguments)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.standardError.contains("above the limit of 1e+11") && outcome.standardError.contains("--max-work"))
        }
        #expect(Date().timeIntervalSince(start) < 30)
        #expect(!FileManager.default.fileExists(atPath: "never"))
        let lifted = try EDL.run(["run", "coupon-collector", "--n", "1000000000000", "--max-work", "0.5"])
        #expect(lifted.status == 2 && lifted.standardError.contains("--max-work"))
    }

    @Test("a grid beyond a learner's 32-bit counts is refused up front (it trapped after 2^32 examples)")
    func countLimit() throws {
        let folder = try EDL.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for arguments in [
            ["run", "random-labels", "--n", "1...1000000000000:log30", "--replicates", "1"],
            ["run", "coupon-collector", "--learner", "dirichlet", "--n", "2147483648", "--replicates", "1"],
            ["run", "disjoint-subdistributions", "--set", "c1.learner=dirichlet", "--n", "3000000000", "--replicates", "1"],
            ["sweep", "random-labels", "--set", "k=2,3", "--n", "3000000000", "--output", folder.appendingPathComponent("s").path],
        ] {
            let outcome = try EDL.run(arguments)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.standardError.contains("must be at most 2147483647"), "\(arguments): \(outcome.standardError)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("s").path))
    }

    @Test("KT acceptance run: theory column is exact and EDL within 4 SE of it")
    func ktAcceptance() throws {
        let outcome = try EDL.run([
            "run", "random-labels", "--learner", "kt", "--set", "k=2", "--n", "1,10,100,1000", "--replicates",
            "20000", "--seed", "3", "--format", "csv",
        ])
        #expect(outcome.status == 0)
        let csv = outcome.standardOutput
        let edl = try csvColumn(csv, "edl_bits").map { try #require(Double($0)) }
        let se = try csvColumn(csv, "edl_bits_se").map { try #require(Double($0)) }
        let theory = try csvColumn(csv, "theory_edl_bits").map { try #require(Double($0)) }
        // Independent reference: E EDL(n) = Σ_{i<n} E L_i − n E L_n by full Binomial sums, in bits.
        for (index, n) in [1, 10, 100, 1000].enumerated() {
            let reference = Self.bruteForceKT(n) / log(2.0)
            #expect(abs(theory[index] - reference) < 1e-9 * max(1, abs(reference)), "theory at n \(n)")
            #expect(abs(edl[index] - theory[index]) <= 4 * se[index] + 1e-9, "EDL at n \(n)")
        }
    }

    /// E EDL(n) in nats for KT on a fair coin, term by term.
    static func bruteForceKT(_ n: Int) -> Double {
        func expectedLoss(_ i: Int) -> Double {
            var value = 0.0
            for c in 0...i {
                let logPMF = lgamma(Double(i + 1)) - lgamma(Double(c + 1)) - lgamma(Double(i - c + 1)) - Double(i) * log(2.0)
                value += exp(logPMF) * (log(Double(i) + 1) - log(Double(c) + 0.5))
            }
            return value
        }
        return (0..<n).map(expectedLoss).reduce(0, +) - Double(n) * expectedLoss(n)
    }

    @Test("the same seed gives byte-identical CSV, with 1 thread or all")
    func deterministic() throws {
        let arguments = [
            "run", "random-labels", "--learner", "memoriser", "--set", "inputs=50", "--n", "1...500:log7",
            "--replicates", "300", "--seed", "8", "--format", "csv",
        ]
        let first = try EDL.run(arguments)
        let second = try EDL.run(arguments)
        let single = try EDL.run(arguments + ["--threads", "1"])
        #expect(first.status == 0)
        #expect(first.standardOutput == second.standardOutput)
        #expect(first.standardOutput == single.standardOutput)
        let otherSeed = try EDL.run(Array(arguments.dropLast(2)) + ["--seed", "9", "--format", "csv"])
        #expect(otherSeed.standardOutput != first.standardOutput)
    }

    @Test(
        "bad input: exit 2, one line naming the problem and the accepted values, no output file",
        arguments: [
            (["run", "no-such-scenario"], "random-labels"),
            (["run", "random-labels", "--learner", "oracle"], "uniform, kt, laplace, memoriser"),
            (["run", "random-labels", "--set", "colour=red"], "k, inputs"),
            (["run", "random-labels", "--set", "k=1"], "2...10000"),
            (["run", "random-labels", "--set", "k=abc"], "2...10000"),
            (["run", "random-labels", "--n", "0,5"], "1...100000:log30"),
            (["run", "random-labels", "--n", "10...1"], "1...100000:log30"),
            (["run", "random-labels", "--n", "1...10:logx"], "1...100000:log30"),
            (["run", "random-labels", "--replicates", "0"], "1...100000000"),
            (["run", "random-labels", "--units", "furlongs"], "bits, nats"),
            (["run", "random-labels", "--format", "xml"], "csv, json, table"),
            (["describe", "no-such-scenario"], "random-labels"),
            (["run", "random-labels", "--generator", "lcg"], "xoshiro256, mt19937, taus2"),
            (["bench", "--only", "no-such-workload"], "coupon-1e3, coupon-1e6"),
            (["bench", "--runs", "0"], "at least 1"),
            // Values that look like options, hex and non-finite reals, empty text, control characters, seeds.
            (["run", "random-labels", "--n", "-1"], "n must be at least 1"),
            (["run", "random-labels", "--replicates", "-5"], "1...100000000"),
            (["run", "random-labels", "--learner", "memoriser", "--set", "alpha=0x1p-3"], "expected a number in"),
            (["run", "random-labels", "--learner", "memoriser", "--set", "alpha=nan"], "expected a number in"),
            (["run", "random-labels", "--learner", "memoriser", "--set", "alpha=1_0"], "expected a number in"),
            (["run", "disjoint-subdistributions", "--set", "frozen="], "component numbers"),
            (["run", "random-labels", "--set", "k=2\u{1B}[31m\nx"], "'2\\u{1B}[31m\\nx'"),
            (["run", "random-labels", "--seed", "18446744073709551615"], "0...9223372036854775807"),
            (["reproduce", "--paper", "/", "--output", "/tmp/edl-never-made"], "--paper"),
        ])
    func badInput(arguments: [String], accepted: String) throws {
        let folder = try EDL.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("result.csv").path
        let outcome = try EDL.run(arguments + (arguments[0] == "run" ? ["--output", output] : []))
        #expect(outcome.status == 2)
        #expect(outcome.standardError.hasPrefix("edl: error: "))
        #expect(outcome.standardError.split(separator: "\n").count == 1)
        #expect(outcome.standardError.contains(accepted), "\(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("describe: the exact peak within its work limit; above it (Zipf, K = 10^7) the limit is named instead of a minute's search")
    func describeWorkLimit() throws {
        let small = try EDL.run(["describe", "coupon-collector", "--set", "K=100"])
        #expect(small.status == 0 && small.standardOutput.contains("E[EDL]/n peaks at n = 177 "), "\(small.standardOutput)")
        let large = try EDL.run(["describe", "coupon-collector", "--set", "K=10000000", "--set", "frequencies=zipf"])
        #expect(large.status == 0 && large.standardOutput.contains("above describe's limit of 2e+08"))
    }

    @Test("a short fuzz of the experiment-file reader and the --n/--set parsers: no crash, no timeout, one-line messages")
    func shortFuzz() throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Scenarios").standardized.path
        let outcome = try EDL.run(["fuzz", "--executions", "3000", "--seed", "7", "--corpus", corpus])
        #expect(outcome.status == 0, "\(outcome.standardOutput)")
        #expect(outcome.standardOutput.contains("3000 executions") && outcome.standardOutput.contains("0 crashes, 0 timeouts"))
    }

    @Test("an experiment file that reaches an assertion inside toml++ is refused in one line with exit status 2")
    func parserAssertion() throws {
        let folder = try EDL.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (text, message) in [
            ("scenario = \"coupon-collector\"\nseed =1979-05-27 1\n", "internal assertion"),
            ("scenario = \"coupon-collector\"\n[\n[parameters]\n", "internal assertion"),
            ("scenario = \"coupon-collector\"\n[parameters]\nK = [1, }]\n", "3:9: Error while parsing array"),
        ] {
            let file = folder.appendingPathComponent("e.toml").path
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let outcome = try EDL.run(["run", file, "--output", folder.appendingPathComponent("o.csv").path])
            #expect(outcome.status == 2 && outcome.standardError.contains(message), "\(outcome.standardError)")
            #expect(outcome.standardError.split(separator: "\n").count == 1)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["e.toml"])
        }
    }

    @Test("--output writes the file and prints nothing; list and describe explain the scenario")
    func outputListDescribe() throws {
        let folder = try EDL.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("kt.json").path
        let run = try EDL.run(["run", "random-labels", "--n", "1,2", "--replicates", "10", "--format", "json", "--output", path])
        #expect(run.status == 0 && run.standardOutput.isEmpty)
        let json = try String(contentsOfFile: path, encoding: .utf8)
        #expect(json.contains("\"manifest\"") && json.contains("\"edl_bits\""))

        let list = try EDL.run(["list"])
        #expect(list.status == 0)
        #expect(list.standardOutput.contains("random-labels") && list.standardOutput.contains("memoriser"))
        let describe = try EDL.run(["describe", "random-labels"])
        #expect(describe.status == 0)
        #expect(describe.standardOutput.contains("L* = log k"))
        #expect(describe.standardOutput.contains("theory: exact"))
    }

    @Test("run --plot and plot write SVG charts; a bad --plot name is refused before any work")
    func plots() throws {
        let folder = try EDL.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("kt.csv").path
        let runSVG = folder.appendingPathComponent("run.svg").path
        let run = try EDL.run([
            "run", "random-labels", "--n", "1...100:log5", "--replicates", "20", "--format", "csv", "--output", csv,
            "--plot", runSVG,
        ])
        #expect(run.status == 0)
        #expect(try String(contentsOfFile: runSVG, encoding: .utf8).contains("dashed: exact theory"))
        let plotSVG = folder.appendingPathComponent("plot.svg").path
        let plot = try EDL.run(["plot", csv, "--y", "edl_bits", "--output", plotSVG])
        #expect(plot.status == 0)
        #expect(try String(contentsOfFile: plotSVG, encoding: .utf8).contains("EDL (bits)"))
        let bad = try EDL.run(["run", "random-labels", "--plot", folder.appendingPathComponent("x.png").path])
        #expect(bad.status == 2 && bad.standardError.contains("ending in .svg"))
        let missing = try EDL.run(["plot", csv, "--y", "nope", "--output", plotSVG + "2.svg"])
        #expect(missing.status == 2 && missing.standardError.contains("columns: n, replicates"))
        // Slides and sizes.
        let slideSVG = folder.appendingPathComponent("slide.svg").path
        #expect(try EDL.run(["plot", csv, "--slide", "--output", slideSVG]).status == 0)
        #expect(try String(contentsOfFile: slideSVG, encoding: .utf8).contains("width=\"1920.00\" height=\"1080.00\""))
        let wide = try EDL.run(["plot", csv, "--slide", "--width", "2400", "--output", slideSVG])
        let wideText = try String(contentsOfFile: slideSVG, encoding: .utf8)
        #expect(wide.status == 0 && wideText.contains("width=\"2400.00\""))
        let tiny = folder.appendingPathComponent("tiny.svg").path
        let badWidth = try EDL.run(["plot", csv, "--width", "10", "--output", tiny])
        #expect(badWidth.status == 2 && badWidth.standardError.contains("--width: expected a number in 480.0...20000.0"))
        #expect(!FileManager.default.fileExists(atPath: tiny))
    }
}
