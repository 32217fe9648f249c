import ArgumentParser
import Foundation
import Lab

/// `edl serve`: starts the workshop explorer, the `edl-serve` program built
/// beside `edl` (its own product, so that `make run` does not build the HTTP server).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the workshop explorer in a browser (runs edl-serve; see Docs/Explorer.md).")

    @Option(help: "The address to listen on (127.0.0.1: this machine only; 0.0.0.0: every network interface).")
    var host = "127.0.0.1"

    @Option(help: "The port (0…65535; 0 picks a free one).")
    var port = 8080

    @Option(help: "Computations at once; further requests wait their turn (default: the number of cores).")
    var concurrent: Int?

    func run() throws {
        let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let server = own.deletingLastPathComponent().appendingPathComponent("edl-serve").path
        guard FileManager.default.isExecutableFile(atPath: server) else {
            throw LabError(
                "edl serve runs edl-serve, which is not beside \(own.path); build it with make serve "
                    + "(swift build -c release --product edl-serve --static-swift-stdlib)")
        }
        var arguments = [server, "--host", host, "--port", String(port)]
        if let concurrent { arguments += ["--concurrent", String(concurrent)] }
        let pointers = arguments.map { strdup($0) } + [nil]
        execv(server, pointers)
        throw LabError("could not start \(server): \(String(cString: strerror(errno)))")
    }
}
