import ArgumentParser
import Foundation
import Lab

/// `edl serve`: starts the workshop explorer, the `edl-serve` program built
/// beside `edl` (its own product, so that `make run` does not build the HTTP
/// server). Its options (`--host`, `--port`, `--concurrent`) are edl-serve's:
/// `edl serve --help` shows them.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the workshop explorer in a browser (runs edl-serve; see Docs/Explorer.md).",
        discussion: "Options go to edl-serve: --host ADDRESS (default 127.0.0.1), --port P (default 8080), --concurrent N.")

    @Argument(parsing: .allUnrecognized, help: "edl-serve's options, e.g. --port 8090 or --host 0.0.0.0.")
    var options: [String] = []

    func run() throws {
        let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let server = own.deletingLastPathComponent().appendingPathComponent("edl-serve").path
        guard FileManager.default.isExecutableFile(atPath: server) else {
            throw LabError(
                "edl serve runs edl-serve, which is not beside \(own.path); build it with make serve "
                    + "(swift build -c release --product edl-serve --static-swift-stdlib)")
        }
        let pointers = ([server] + options).map { strdup($0) } + [nil]
        execv(server, pointers)
        throw LabError("could not start \(server): \(String(cString: strerror(errno)))")
    }
}
