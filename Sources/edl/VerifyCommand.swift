import ArgumentParser
import Foundation
import Lab
import LabTools
import Scenarios

/// `edl verify [SCENARIO]`: numerical checks of the theory (Docs/Theory.md, P1–P7), one row per check.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the theory's properties (Docs/Theory.md) numerically on the lab's scenarios; exit status 1 if any check fails.")

    @Argument(help: "Only the checks of this scenario.")
    var scenario: String?

    @Flag(help: "Only the fast checks (those make test also runs).")
    var fast = false

    @Option(parsing: .unconditional, help: "Worker threads (default: all cores).")
    var threads = String(ProcessInfo.processInfo.activeProcessorCount)

    func run() throws {
        if let scenario { _ = try ScenarioRegistry.scenario(named: scenario) }
        guard let threadCount = Int(threads), threadCount >= 1 else {
            throw LabError("invalid value '\(threads)' for --threads: expected an integer of at least 1")
        }
        let rows = try Verification(threads: threadCount).run(scenario: scenario, fastOnly: fast)
        for row in rows {
            let numbers = (row.shown?.text ?? "") + " (\(row.unit))"
            print("\(row.passed ? "PASS" : "FAIL")  \(row.scenario)  \(row.check)\n      \(numbers)  [\(row.comparisons.count) comparison\(row.comparisons.count == 1 ? "" : "s")]")
        }
        let failed = rows.filter { !$0.passed }.count
        print("\(rows.count - failed) passed, \(failed) failed")
        if failed > 0 { Foundation.exit(1) }
    }
}
