import Foundation
import Testing

/// How `edl` writes what it writes: through devices and symbolic links, all
/// of a command's files or none, nothing left behind when interrupted.
@Suite("edl output files")
struct OutputFileTests {
    private let quick = ["run", "random-labels", "--n", "1,10", "--replicates", "2"]

    private func kind(_ path: String) -> mode_t {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & S_IFMT : 0
    }

    private func leftovers(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
    }

    @Test("a device is written through, never replaced; a full device is an error")
    func devices() throws {
        let null = try EDL.run(quick + ["--output", "/dev/null"])
        #expect(null.status == 0 && kind("/dev/null") == S_IFCHR)
        let full = try EDL.run(quick + ["--output", "/dev/full"])
        #expect(full.status == 2 && full.standardError.contains("No space left on device"), "\(full.standardError)")
        #expect(kind("/dev/full") == S_IFCHR)
        // A link to a pipe whose link text is no path (/dev/stdout → /proc/self/fd/1 → pipe:[…]).
        let stdout = try EDL.run(quick + ["--output", "/dev/stdout", "--format", "csv"])
        #expect(stdout.status == 0 && stdout.standardOutput.hasPrefix("n,replicates,"), "\(stdout.standardError)")
    }

    @Test("a symbolic link is followed: its target gets the file, the link stays a link, dangling or not")
    func symbolicLinks() throws {
        let folder = try EDL.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("real.csv").path
        try "old\n".write(toFile: target, atomically: false, encoding: .utf8)
        let link = folder.appendingPathComponent("link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.csv")
        #expect(try EDL.run(quick + ["--output", link, "--format", "csv"]).status == 0)
        #expect(kind(link) == S_IFLNK)
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("n,"))
        let dangling = folder.appendingPathComponent("dangling.csv").path
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: "new.csv")
        #expect(try EDL.run(quick + ["--output", dangling]).status == 0)
        #expect(kind(dangling) == S_IFLNK && kind(folder.appendingPathComponent("new.csv").path) == S_IFREG)
        #expect(try leftovers(folder).isEmpty)
    }

    @Test("all or none: when one output cannot be written, none is, and no temporary is left")
    func allOrNone() throws {
        let folder = try EDL.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let chart = folder.appendingPathComponent("chart.svg").path
        try FileManager.default.createSymbolicLink(atPath: chart, withDestinationPath: "/dev/full")
        let csv = folder.appendingPathComponent("o.csv").path
        let outcome = try EDL.run(quick + ["--output", csv, "--plot", chart])
        #expect(outcome.status == 2 && outcome.standardError.contains("'\(chart)': No space left on device"))
        #expect(!FileManager.default.fileExists(atPath: csv))
        #expect(try leftovers(folder).isEmpty)
        // An output that is a folder, or in a missing one, is refused before the run, in one line.
        for (extra, message) in [
            (["--output", folder.path], "it is a folder"),
            (["--output", csv, "--plot", folder.path + "/missing/p.svg"], "does not exist"),
            (["--output", csv, "--area", folder.path + "/dir.svg"], "it is a folder"),
        ] {
            try FileManager.default.createDirectory(atPath: folder.path + "/dir.svg", withIntermediateDirectories: true)
            let refused = try EDL.run(quick + extra)
            #expect(refused.status == 2 && refused.standardError.contains(message), "\(refused.standardError)")
            #expect(refused.standardError.split(separator: "\n").count == 1)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["chart.svg", "dir.svg"])
    }

    @Test("Ctrl-C while writing removes the temporaries: nothing is left behind")
    func interrupted() throws {
        let folder = try EDL.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A FIFO nobody reads: edl stages the CSV, then blocks opening the FIFO for the chart.
        let fifo = folder.appendingPathComponent("chart.svg").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let process = Process()
        process.executableURL = EDL.executable
        process.arguments = quick + ["--output", folder.appendingPathComponent("o.csv").path, "--plot", fifo]
        process.standardError = FileHandle.nullDevice
        try process.run()
        let start = Date()
        while try leftovers(folder).isEmpty, Date().timeIntervalSince(start) < 60 { usleep(10_000) }
        #expect(try leftovers(folder).count == 1, "the CSV's temporary was staged")
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGINT)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["chart.svg"])
    }

    @Test("--resume removes stale temporaries of killed runs (an hour old, or of a dead process here), not others")
    func staleTemporaries() throws {
        let folder = try EDL.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("s").path
        let sweep = ["sweep", "coupon-collector", "--set", "K=10,20", "--n", "1,2", "--replicates", "5", "--output", output]
        #expect(try EDL.run(sweep).status == 0)
        let old = output + "/cells/.edl-tmp-elsewhere-1-7-K=10.csv"
        let fresh = output + "/cells/.edl-tmp-elsewhere-1-8-K=20.csv"
        for path in [old, fresh] { try "partial".write(toFile: path, atomically: false, encoding: .utf8) }
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -7200)], ofItemAtPath: old)
        #expect(try EDL.run(sweep + ["--resume"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: old))
        #expect(FileManager.default.fileExists(atPath: fresh), "another machine's shard may still be writing it")
    }
}
