import ArgumentParser
import Foundation
import LabServer

/// The program: every error ends as one line on standard error and exit status 2
/// (help and version exit 0), as for `edl`.
@main
enum ServeMain {
    static func main() async {
        do {
            let command = try ServeCommand.parse()
            try await command.run()
        } catch {
            if ServeCommand.exitCode(for: error) == .success { ServeCommand.exit(withError: error) }
            let text = ServeCommand.message(for: error)
            var line = text.split(separator: "\n").first.map(String.init) ?? "unknown error"
            if line.hasPrefix("Error: ") { line.removeFirst(7) }
            FileHandle.standardError.write(Data("edl serve: error: \(line)\n".utf8))
            exit(2)
        }
    }
}

/// `edl-serve` (and `edl serve`): the workshop explorer on a local web server.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edl serve",
        abstract: "Serve the workshop explorer: live EDL curves in a browser, and the JSON API behind them.",
        discussion: """
            Binds to 127.0.0.1 (this machine only) unless --host says otherwise: --host 0.0.0.0 opens it to the \
            network, e.g. a classroom's. Docs/Explorer.md describes the page and the API.
            """)

    @Option(help: "The address to listen on (127.0.0.1: this machine only; 0.0.0.0: every network interface).")
    var host = "127.0.0.1"

    @Option(help: "The port (1…65535; 0 picks a free one).")
    var port = 8080

    @Option(help: "Computations at once; further requests wait their turn (default: the number of cores).")
    var concurrent: Int?

    func validate() throws {
        guard (0...65_535).contains(port) else {
            throw ValidationError("invalid value '\(port)' for --port: expected an integer in 0...65535")
        }
        if let concurrent, !(1...256).contains(concurrent) {
            throw ValidationError("invalid value '\(concurrent)' for --concurrent: expected an integer in 1...256")
        }
    }

    func run() async throws {
        var limits = ExplorerService.Limits()
        if let concurrent { limits.concurrent = concurrent }
        let server = ExplorerServer(service: ExplorerService(limits: limits))
        do {
            try await serve(server)
        } catch where String(describing: error).contains("Address already in use") {
            throw ValidationError("port \(port) on \(host) is in use; choose another with --port (0 picks a free one)")
        }
    }

    private func serve(_ server: ExplorerServer) async throws {
        try await server.run(host: host, port: port) { url in
            FileHandle.standardOutput.write(Data("edl serve: the explorer is at \(url) (Ctrl-C stops it)\n".utf8))
        }
    }
}
