import ArgumentParser
import Foundation
import Lab
import LabTools

/// `edl reproduce`: every toy figure of the paper, with a report.
struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Reproduce every toy figure of the paper: CSV, SVG (PNG with rsvg-convert), index.html and README.md.")

    @Option(parsing: .unconditional, help: "The output folder.")
    var output = "out"

    @Option(
        parsing: .unconditional,
        help: "The folder of the paper's experiment files (default: Scenarios/paper here, else the one that came with edl).")
    var paper: String?

    @Option(parsing: .unconditional, help: "Worker threads (default: all cores).")
    var threads = String(ProcessInfo.processInfo.activeProcessorCount)

    @OptionGroup(title: "Figure size") var sizeOptions: ChartSizeOptions

    func run() throws {
        guard let threadCount = Int(threads), threadCount >= 1 else {
            throw LabError("invalid value '\(threads)' for --threads: expected an integer of at least 1")
        }
        var reproduction = PaperReproduction(paperFolder: try Self.paperFolder(paper), output: output, threads: threadCount)
        reproduction.size = try sizeOptions.size()
        let figures = try reproduction.run { name in
            FileHandle.standardError.write(Data("edl reproduce: \(name)\n".utf8))
        }
        print("\(figures.count) figures in \(output)/ — open \(output)/index.html")
    }

    /// The paper's experiment files: `--paper`, else `Scenarios/paper` in the
    /// current folder, else the one in a folder above the `edl` executable
    /// (the repository for a build, the unpacked tarball for `make dist`).
    /// - Throws: ``LabError`` when there is none.
    static func paperFolder(_ given: String?) throws -> String {
        func holdsPaper(_ folder: String) -> Bool {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue
                && FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent("random-labels.toml"))
        }
        if let given {
            guard holdsPaper(given) else {
                throw LabError("--paper '\(given)': not a folder of the paper's experiment files (such as Scenarios/paper)")
            }
            return given
        }
        if holdsPaper("Scenarios/paper") { return "Scenarios/paper" }
        let executable = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = folder.appendingPathComponent("Scenarios/paper").path
            if holdsPaper(candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        throw LabError(
            "cannot find the paper's experiment files: no Scenarios/paper here or above \(executable.deletingLastPathComponent().path); give --paper DIR")
    }
}
