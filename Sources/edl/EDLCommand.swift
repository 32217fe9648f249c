import ArgumentParser
import Foundation
import GSL
import Lab
import Scenarios

/// The `edl` command: simulate the EDL paper's toy models and measure EDL.
@main
struct EDLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edl",
        abstract: "Excess Description Length lab: simulate the EDL paper's toy models and measure EDL.",
        version: ToolVersion.current,
        subcommands: [
            ListCommand.self, DescribeCommand.self, RunCommand.self, SweepCommand.self, AggregateCommand.self, CapacityCommand.self, ServeCommand.self,
            PlotCommand.self, ReproduceCommand.self, VerifyCommand.self, BenchCommand.self, FuzzCommand.self,
        ]
    )

    /// Runs the command line. Every user error ends as one line on standard
    /// error and exit status 2; help and version exit 0.
    static func main() {
        InterruptCleanup.install()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            let message = oneLine(error)
            FileHandle.standardError.write(Data("edl: error: \(message)\n".utf8))
            Foundation.exit(2)
        }
    }

    /// The first non-empty line of an error's message, without a leading "Error: ".
    static func oneLine(_ error: any Error) -> String {
        let line =
            LabError.firstLine(of: error)
            ?? LabError.printable(message(for: error).split(separator: "\n").first.map(String.init) ?? "unknown error")
        return line.hasPrefix("Error: ") ? String(line.dropFirst(7)) : line
    }
}
