import ArgumentParser
import Foundation
import Lab
import LabTools

/// `edl fuzz`: the parsers' mutation fuzzer (`make fuzz`); not a user command.
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Fuzz the experiment-file reader and the --n/--set parsers (for the lab's own checks).",
        discussion: """
            Mutates the experiment files under --corpus, n-grids and --set values; every input must be \
            accepted or refused with a one-line message within --timeout seconds. A trap ends the \
            process. Exit status 1 on a timeout or a bad message.
            """,
        shouldDisplay: false)

    @Option(parsing: .unconditional, help: "Inputs to try.")
    var executions = 1_000_000

    @Option(parsing: .unconditional, help: "The seed of the mutations.")
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: "The folder of experiment files to mutate.")
    var corpus = "Scenarios"

    @Option(parsing: .unconditional, help: "The longest one input may take, seconds.")
    var timeout = 1.0

    @Option(parsing: .unconditional, help: "Write each experiment-file input here before reading it (slow; finds the input that traps).")
    var trace: String?

    func run() throws {
        guard executions >= 1 else { throw LabError("invalid value '\(executions)' for --executions: expected at least 1") }
        guard timeout > 0, timeout.isFinite else { throw LabError("invalid value '\(timeout)' for --timeout: expected seconds > 0") }
        let files = ParserFuzzer.corpus(from: corpus)
        guard !files.isEmpty else { throw LabError("--corpus '\(corpus)': no .toml files found") }
        var fuzzer = ParserFuzzer(corpus: files)
        fuzzer.timeout = .milliseconds(Int(timeout * 1000))
        fuzzer.trace = trace
        let start = ContinuousClock.now
        let report = try fuzzer.run(executions: executions, seed: seed) { report in
            FileHandle.standardError.write(Data("edl fuzz: \(report.executions) executions\n".utf8))
        }
        let elapsed = ContinuousClock.now - start
        print(
            "edl fuzz: \(report.executions) executions from \(files.count) corpus files (seed \(seed)) in \(elapsed): "
                + "\(report.accepted) accepted, \(report.refused) refused (\(report.containedAssertions) of them at an assertion inside toml++, "
                + "refused in one line by the guard), \(report.crashes.count) crashes, \(report.timeouts.count) timeouts "
                + "(slowest \(String(format: "%.4f", report.slowest)) s), \(report.badMessages.count) messages of more than one line")
        for line in (report.crashes + report.timeouts + report.badMessages).prefix(10) { print("  " + LabError.printable(String(line.prefix(300)))) }
        if !report.crashes.isEmpty || !report.timeouts.isEmpty || !report.badMessages.isEmpty { throw ExitCode(1) }
    }
}
