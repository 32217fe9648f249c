import ArgumentParser
import Foundation
import Lab
import LabTools

/// `edl reproduce`: every toy figure of the paper, with a report.
struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Reproduce every toy figure of the paper: CSV, SVG (PNG with rsvg-convert), index.html and README.md.")

    @Option(help: "The output folder.")
    var output = "out"

    @Option(help: "The folder of the paper's experiment files.")
    var paper = "Scenarios/paper"

    @Option(help: "Worker threads (default: all cores).")
    var threads = String(ProcessInfo.processInfo.activeProcessorCount)

    @OptionGroup(title: "Figure size") var sizeOptions: ChartSizeOptions

    func run() throws {
        guard let threadCount = Int(threads), threadCount >= 1 else {
            throw LabError("invalid value '\(threads)' for --threads: expected an integer of at least 1")
        }
        var reproduction = PaperReproduction(paperFolder: paper, output: output, threads: threadCount)
        reproduction.size = try sizeOptions.size()
        let figures = try reproduction.run { name in
            FileHandle.standardError.write(Data("edl reproduce: \(name)\n".utf8))
        }
        print("\(figures.count) figures in \(output)/ — open \(output)/index.html")
    }
}
