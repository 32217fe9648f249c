import Foundation
import Glibc
import Testing

/// The memory estimate `edl` checks before a run, against the peak resident
/// memory of the same run measured by the kernel (wait4's ru_maxrss): the
/// estimate must not fall below what the run takes (else the limit would let
/// through runs larger than it names) and must not be far above it (else it
/// would refuse runs the machine can hold).
@Suite("memory estimates")
struct MemoryEstimateTests {
    /// The estimate `edl` prints when it refuses the run at a 1-byte limit, in bytes.
    private func estimate(_ arguments: [String]) throws -> Double {
        let outcome = try EDL.run(arguments + ["--max-memory", "1"])
        #expect(outcome.status == 2)
        let line = outcome.standardError
        let pattern = try Regex(#"would hold about ([0-9.]+)(B|KiB|MiB|GiB|TiB) of memory"#)
        let match = try #require(line.firstMatch(of: pattern), "no estimate in: \(line)")
        let value = try #require(Double(String(match.output[1].substring ?? "")))
        let unit = String(match.output[2].substring ?? "")
        let scale: [String: Double] = ["B": 1, "KiB": 0x1p10, "MiB": 0x1p20, "GiB": 0x1p30, "TiB": 0x1p40]
        return value * (scale[unit] ?? .nan)
    }

    /// Runs `edl` with `arguments` and returns its exit status and peak resident bytes.
    ///
    /// A process started from this one by posix_spawn (a vfork sharing this
    /// process's memory until it execs) inherits this process's peak
    /// resident size as its own ru_maxrss, and the test process of a
    /// parallel suite holds ~100 MB: a child measured directly read 79, 95
    /// and 108 MB for a run that peaks at 79. So `edl` is started from a
    /// small Python process by fork and exec, and its ru_maxrss is read
    /// there (the floor is Python's ~10 MB; every configuration holds over 50 MiB).
    private func peakResident(_ arguments: [String]) throws -> (status: Int32, bytes: Double) {
        let script = """
            import os, sys
            pid = os.fork()
            if pid == 0:
                fd = os.open(os.devnull, os.O_WRONLY)
                os.dup2(fd, 1)
                os.dup2(fd, 2)
                os.execv(sys.argv[1], sys.argv[1:])
            _, status, usage = os.wait4(pid, 0)
            print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
            """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script, EDL.executable.path] + arguments
        let output = Pipe()
        python.standardOutput = output
        try python.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        let fields = String(decoding: data, as: UTF8.self).split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        let status = try #require(fields.first.flatMap { Int32($0) }, "no status from the measuring process: \(fields)")
        let kilobytes = try #require(fields.dropFirst().first.flatMap { Double($0) }, "no peak from the measuring process: \(fields)")
        return (status, kilobytes * 1024)
    }

    /// Configurations whose dominant structure differs: hash maps, a dense
    /// table, gradient tables with optimizer moments and epoch copies, a
    /// posterior over 2^22 rules, a mixture, the capacity adapter.
    static let configurations: [[String]] = [
        ["random-labels", "--learner", "memoriser", "--set", "inputs=1000000000", "--n", "2000000"],
        ["random-labels", "--learner", "memoriser", "--set", "inputs=1000000000", "--set", "k=3", "--n", "1000000"],
        ["random-labels", "--learner", "adam", "--set", "inputs=1000000", "--set", "k=8", "--n", "100"],
        ["random-labels", "--learner", "sgd", "--set", "inputs=1000000", "--set", "k=8", "--set", "epochs=1", "--n", "100"],
        ["coupon-collector", "--learner", "dirichlet", "--set", "K=10000000", "--set", "k=4", "--n", "1000"],
        ["hypothesis-collapse", "--set", "m=4194304", "--set", "noise=0.1", "--set", "inputs=16", "--n", "20"],
        ["hypothesis-collapse", "--set", "m=4194304", "--set", "k=4194304", "--set", "class=diagnostic", "--set", "inputs=2", "--n", "2"],
        [
            "disjoint-subdistributions", "--set", "components=random-labels,random-labels", "--set", "weights=0.5,0.5",
            "--set", "c1.learner=adam", "--set", "c1.inputs=500000", "--set", "c1.k=8",
            "--set", "c2.learner=memoriser", "--set", "c2.inputs=1000000000", "--n", "2000000",
        ],
        ["capacity", "--set", "inputs=16384", "--set", "skills=256", "--set", "k=256", "--set", "rank=64", "--n", "10"],
        ["random-labels", "--learner", "memoriser", "--set", "inputs=1000", "--n", "1...50000"],
        // Dense grids: the running moments and the output text, by format.
        ["coupon-collector", "--set", "K=100", "--n", "1...300000", "--format", "csv"],
        ["coupon-collector", "--set", "K=100", "--n", "1...200000", "--format", "json"],
        ["coupon-collector", "--set", "K=100", "--n", "1...200000", "--format", "table"],
        ["coupon-collector", "--set", "K=10000000", "--set", "frequencies=zipf", "--n", "1000"],
    ]

    @Test("the estimate is at least the measured peak and at most 2.5 times it", arguments: configurations)
    func estimateBracketsThePeak(_ configuration: [String]) throws {
        let arguments = ["run"] + configuration + ["--replicates", "1", "--threads", "1"]
        let estimated = try estimate(arguments)
        let measured = try peakResident(arguments + ["--output", "/dev/null"])
        #expect(measured.status == 0)
        // The process alone is about 18 MiB; every configuration here holds over 50 MiB.
        #expect(measured.bytes > 50 * 0x1p20, "too small to test: \(measured.bytes)")
        #expect(estimated >= measured.bytes, "estimate \(estimated) below the measured peak \(measured.bytes)")
        #expect(estimated <= 2.5 * measured.bytes, "estimate \(estimated) far above the measured peak \(measured.bytes)")
    }

    @Test("a refusal names the estimate, its parts and the flag, exits 2 and writes nothing")
    func refusal() throws {
        let folder = try EDL.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("o.csv").path
        let outcome = try EDL.run([
            "run", "random-labels", "--learner", "adam", "--set", "inputs=8388608", "--set", "k=8", "--n", "10",
            "--replicates", "1", "--max-memory", "1GiB", "--output", output,
        ])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.split(separator: "\n").count == 1)
        #expect(outcome.standardError.contains("per replicate × 1 thread"))
        #expect(outcome.standardError.contains("above the limit of 1.00GiB"))
        #expect(outcome.standardError.contains("--max-memory 2."))
        #expect(!FileManager.default.fileExists(atPath: output))
        let lifted = try EDL.run([
            "sweep", "random-labels", "--learner", "adam", "--set", "inputs=8388608,4194304", "--set", "k=8", "--n", "10",
            "--replicates", "1", "--max-memory", "1.5GiB", "--output", folder.appendingPathComponent("s").path,
        ])
        #expect(lifted.status == 2, "a sweep counts its largest cell")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("s").path))
        // Every cell's configuration is kept for the whole sweep: Zipf alias tables of 2·10⁶
        // concepts (about 61 MiB kept each, 122 MiB while built) add up, and the sweep stops
        // building cells at the limit.
        let sweep = [
            "sweep", "coupon-collector", "--set", "K=2000000", "--set", "frequencies=zipf", "--set", "zipf_s=1,1.1,1.2,1.3,1.4,1.5",
            "--n", "10", "--replicates", "1", "--max-memory", "300MiB", "--output", folder.appendingPathComponent("z").path,
        ]
        let zipf = try EDL.run(sweep)
        #expect(zipf.status == 2 && zipf.standardError.contains("shared), above the limit of 300MiB"), "\(zipf.standardError)")
        let refusedPeak = try peakResident(sweep)
        #expect(refusedPeak.status == 2)
        #expect(refusedPeak.bytes < 300 * 0x1p20, "the refused sweep held \(refusedPeak.bytes) bytes, above its limit")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("z").path))
        for bad in ["0", "-1GiB", "3X", "1e400", "GiB", ""] {
            let refused = try EDL.run(["run", "random-labels", "--n", "10", "--max-memory", bad])
            #expect(refused.status == 2, "--max-memory \(bad)")
            #expect(refused.standardError.contains("for --max-memory"), "--max-memory \(bad): \(refused.standardError)")
        }
    }
}
