import ArgumentParser
import Foundation
import GSL
import Lab
import LabTools

/// `edl bench`: times the reference workloads as whole `edl` processes and
/// compares each with a loop that only makes its random draws.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the reference workloads (whole process, median of several runs) against their targets.",
        discussion: """
            For every workload: the median wall time of --runs runs of the exact command line (a child \
            process of this edl, so start-up counts), learner steps per second, peak resident memory, \
            and the ratio of that time to a process that only makes the workload's random draws (same \
            generator, same replicates and threads). Then, at one thread (median CPU seconds): the \
            reference workloads against the bare C loops and the vectorised numpy programs of \
            Benchmarks/reference (numpy with one BLAS thread, the computation's own CPU time), the slower paths \
            against their simplest sibling per learner step, and the exponent of time per step against \
            size in each scaling family. Build with `swift build -c release` first: debug timings mean \
            nothing. Exit status 1 if a target is missed.
            """)

    @Option(parsing: .unconditional, help: "Runs per workload; the median is reported.")
    var runs = 5

    @Option(parsing: .unconditional, help: "Only the workloads with these names (comma-separated).")
    var only: String?

    @Option(parsing: .unconditional, help: "Worker threads for the draws-only loop (default: all cores, like edl run).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(parsing: .unconditional, help: .hidden)
    var drawsOnly: String?

    @Option(parsing: .unconditional, help: "The folder of the built bare C loops of Benchmarks/reference (make bench builds them).")
    var bareLoops = ".build/reference"

    @Option(parsing: .unconditional, help: "The folder of the numpy references (Benchmarks/reference).")
    var numpyReferences = "Benchmarks/reference"

    @Option(parsing: .unconditional, help: "The Python that runs the numpy references (numpy 2 or later).")
    var python = "python3"

    func run() throws {
        guard runs >= 1 else { throw LabError("invalid value '\(runs)' for --runs: expected an integer of at least 1") }
        guard threads >= 1 else {
            throw LabError("invalid value '\(threads)' for --threads: expected an integer of at least 1")
        }
        let all = BenchmarkWorkload.standard
        let names = all.map(\.name).joined(separator: ", ")
        if let drawsOnly {
            guard let workload = all.first(where: { $0.name == drawsOnly }), let draws = workload.draws else {
                throw LabError("invalid value '\(drawsOnly)' for --draws-only: expected a workload with a draw loop")
            }
            let checksum = try draws.run(generator: .standard, threads: threads)
            print("draws \(draws.drawCount) checksum \(checksum)")
            return
        }
        var chosen = all
        if let only {
            let wanted = only.split(separator: ",").map { String($0) }
            for name in wanted where !all.contains(where: { $0.name == name }) {
                throw LabError("invalid value '\(name)' for --only: expected one of \(names)")
            }
            chosen = all.filter { wanted.contains($0.name) }
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        print("edl bench: \(runs) runs per workload, median wall time; generator \(RandomGeneratorKind.standard.rawValue)")
        print(
            pad("workload", 21) + pad("wall s", 9, right: true) + pad("target", 8, right: true) + pad("", 6)
                + pad("steps/s", 10, right: true) + pad("peak MiB", 9, right: true) + pad("draws s", 9, right: true)
                + pad("ratio", 7, right: true) + "  command")
        var missed = 0
        for workload in chosen {
            var measurements: [(wall: Double, cpu: Double, peakMiB: Double)] = []
            for _ in 0..<runs { measurements.append(try measure(executable, workload.arguments)) }
            let wall = median(measurements.map(\.wall))
            let peak = median(measurements.map(\.peakMiB))
            var verdict = ""
            if let target = workload.targetSeconds {
                verdict = wall <= target ? "ok" : "SLOW"
                if wall > target { missed += 1 }
            }
            var peakText = String(format: "%.0f", peak)
            if let target = workload.memoryTargetMiB {
                let within = peak <= target
                if !within { missed += 1 }
                peakText += within ? " " : "!"
            } else {
                peakText += " "
            }
            var drawsText = "-"
            var ratioText = "-"
            if workload.draws != nil {
                let drawsWall = try median(of: runs) { try time(executable, ["bench", "--draws-only", workload.name]) }
                let ratio = wall / drawsWall
                drawsText = String(format: "%.3f", drawsWall)
                ratioText = String(format: "%.2f", ratio)
            }
            let stepsPerSecond = String(format: "%.2e", Double(workload.learnerSteps) / wall)
            print(
                pad(workload.name, 21) + pad(String(format: "%.3f", wall), 9, right: true)
                    + pad(workload.targetSeconds.map { String(format: "%.2f", $0) } ?? "-", 8, right: true)
                    + pad(verdict.isEmpty ? "" : " " + verdict, 6) + pad(stepsPerSecond, 10, right: true)
                    + pad(peakText, 10, right: true) + pad(drawsText, 8, right: true) + pad(ratioText, 7, right: true)
                    + "  edl " + workload.arguments.joined(separator: " "))
        }
        print("ratio = wall / draws-only wall (for information: the draws-only target is retired);")
        print("peak MiB = the process's peak resident memory, '!' above its target.")
        var oneThread = OneThreadTimes(runs: runs, executable: executable)
        missed += try compareWithReferences(chosen, times: &oneThread)
        missed += try compareWithSiblings(chosen, all: all, times: &oneThread)
        try printScaling(chosen, times: &oneThread)
        if missed > 0 {
            print("\(missed) target\(missed == 1 ? "" : "s") missed")
            Foundation.exit(1)
        }
    }

    /// Each workload's median CPU seconds at one thread, measured once.
    private struct OneThreadTimes {
        let runs: Int
        let executable: URL
        var measured: [String: Double] = [:]

        mutating func cpuSeconds(_ workload: BenchmarkWorkload, _ command: BenchCommand) throws -> Double {
            if let known = measured[workload.name] { return known }
            var times: [Double] = []
            for _ in 0..<runs { times.append(try command.measure(executable, workload.arguments + ["--threads", "1"]).cpu) }
            let value = command.median(times)
            measured[workload.name] = value
            return value
        }
    }

    /// CPU time per learner step against each workload's simplest sibling,
    /// one thread each; returns the targets missed.
    private func compareWithSiblings(
        _ workloads: [BenchmarkWorkload], all: [BenchmarkWorkload], times: inout OneThreadTimes
    ) throws -> Int {
        let pairs = workloads.compactMap { workload -> (BenchmarkWorkload, BenchmarkWorkload, Double?)? in
            guard let sibling = workload.sibling, let other = all.first(where: { $0.name == sibling.name }) else { return nil }
            return (workload, other, sibling.target)
        }
        guard !pairs.isEmpty else { return 0 }
        print("")
        print("against the simplest sibling (CPU ns per learner step, user + system, one thread, median of \(runs)):")
        print(
            pad("workload", 21) + pad("ns/step", 10, right: true) + pad("sibling", 22, right: true)
                + pad("ns/step", 10, right: true) + pad("ratio", 9, right: true) + pad("target", 8, right: true))
        var missed = 0
        for (workload, sibling, target) in pairs {
            let own = try times.cpuSeconds(workload, self) / Double(workload.learnerSteps) * 1e9
            let theirs = try times.cpuSeconds(sibling, self) / Double(sibling.learnerSteps) * 1e9
            let ratio = own / theirs
            let within = target.map { ratio <= $0 } ?? true
            if !within { missed += 1 }
            print(
                pad(workload.name, 21) + pad(String(format: "%.4g", own), 10, right: true)
                    + pad(sibling.name, 22, right: true) + pad(String(format: "%.4g", theirs), 10, right: true)
                    + pad(String(format: "%.2f", ratio) + (within ? " " : "!"), 9, right: true)
                    + pad(target.map { String(format: "%.1f", $0) } ?? "-", 8, right: true))
        }
        print("'!' marks a workload above its target multiple of its sibling's CPU time per step; '-': for information.")
        return missed
    }

    /// The exponent of CPU time per learner step against each family's size
    /// (between its smallest and largest member), one thread.
    private func printScaling(_ workloads: [BenchmarkWorkload], times: inout OneThreadTimes) throws {
        var families: [String: [BenchmarkWorkload]] = [:]
        var order: [String] = []
        for workload in workloads {
            guard let scaling = workload.scaling else { continue }
            if families[scaling.family] == nil { order.append(scaling.family) }
            families[scaling.family, default: []].append(workload)
        }
        let measured = order.compactMap { family -> (String, [BenchmarkWorkload])? in
            let members = (families[family] ?? []).sorted { $0.scaling!.size < $1.scaling!.size }
            return members.count >= 2 ? (family, members) : nil
        }
        guard !measured.isEmpty else { return }
        print("")
        print("scaling (CPU ns per learner step at one thread; exponent e in time per step ∝ size^e):")
        print(pad("family, size", 24) + pad("sizes", 22, right: true) + pad("ns/step", 26, right: true) + pad("exponent", 10, right: true))
        for (family, members) in measured {
            let (small, large) = (members.first!, members.last!)
            let smallTime = try times.cpuSeconds(small, self) / Double(small.learnerSteps) * 1e9
            let largeTime = try times.cpuSeconds(large, self) / Double(large.learnerSteps) * 1e9
            let exponent = log(largeTime / smallTime) / log(large.scaling!.size / small.scaling!.size)
            print(
                pad(family, 24)
                    + pad(String(format: "%.0f → %.0f", small.scaling!.size, large.scaling!.size), 22, right: true)
                    + pad(String(format: "%.4g → %.4g", smallTime, largeTime), 26, right: true)
                    + pad(String(format: "%.2f", exponent), 10, right: true))
        }
    }

    /// CPU time against the bare C loops and the vectorised numpy
    /// references, one thread each; returns the targets missed.
    private func compareWithReferences(_ workloads: [BenchmarkWorkload], times: inout OneThreadTimes) throws -> Int {
        let compared = workloads.filter { $0.bareLoop != nil || $0.numpy != nil }
        guard !compared.isEmpty else { return 0 }
        let numpyProblem = compared.contains { $0.numpy != nil } ? numpyUnavailableReason() : nil
        print("")
        print("against the bare C loops and the numpy references of Benchmarks/reference")
        print("(CPU s, user + system, one thread, median of \(runs); numpy: the computation's own CPU time, one BLAS thread):")
        print(
            pad("workload", 21) + pad("edl", 8, right: true) + pad("C loop", 8, right: true) + pad("edl/C", 8, right: true)
                + pad("numpy", 8, right: true) + pad("numpy/edl", 11, right: true) + pad("target", 8, right: true) + "  reference")
        var missed = 0
        for workload in compared {
            let edl = try times.cpuSeconds(workload, self)
            var cells = pad(workload.name, 21) + pad(String(format: "%.3f", edl), 8, right: true)
            var references: [String] = []
            if let loop = workload.bareLoop {
                let program = URL(fileURLWithPath: bareLoops).appendingPathComponent(loop[0])
                if FileManager.default.isExecutableFile(atPath: program.path) {
                    let bare = try median(of: runs) { try cpuTime(program, Array(loop.dropFirst())) }
                    let ratio = edl / bare
                    let within = ratio <= BenchmarkWorkload.bareLoopTarget
                    if !within { missed += 1 }
                    cells += pad(String(format: "%.3f", bare), 8, right: true)
                        + pad(String(format: "%.2f", ratio) + (within ? " " : "!"), 8, right: true)
                    references.append(loop.joined(separator: " "))
                } else {
                    cells += pad("-", 8, right: true) + pad("-", 8, right: true)
                    references.append("\(program.path) not built (make bench builds it)")
                }
            } else {
                cells += pad("", 16)
            }
            if let numpy = workload.numpy {
                if let numpyProblem {
                    cells += pad("-", 8, right: true) + pad("-", 11, right: true) + pad("", 8)
                    references.append("\(numpy.script) skipped: \(numpyProblem)")
                } else {
                    let seconds = try median(of: runs) { try numpyCPUSeconds(numpy) }
                    let speedUp = seconds / edl
                    let within = speedUp >= numpy.minimumSpeedUp
                    if !within { missed += 1 }
                    cells += pad(String(format: "%.3f", seconds), 8, right: true)
                        + pad(String(format: "%.2f", speedUp) + (within ? " " : "!"), 11, right: true)
                        + pad("≥ " + String(format: "%.1f", numpy.minimumSpeedUp), 8, right: true)
                    references.append(([numpy.script] + numpy.arguments).joined(separator: " "))
                }
            } else {
                cells += pad("", 27)
            }
            print(cells + "  " + references.joined(separator: "; "))
        }
        print("'!' marks edl above \(BenchmarkWorkload.bareLoopTarget)x its bare loop's CPU time, or below its target speed-up over numpy.")
        return missed
    }

    /// Why the numpy references cannot run (`nil` when they can): no
    /// `python3`, or no numpy 2 (the references use `np.bitwise_count`).
    private func numpyUnavailableReason() -> String? {
        guard let output = try? run(python, ["-c", "import numpy; print(numpy.__version__)"], environment: [:]),
            let major = Int(output.trimmingCharacters(in: .whitespacesAndNewlines).prefix { $0.isNumber })
        else { return "'\(python) -c \"import numpy\"' failed (python3 -m pip install numpy)" }
        return major >= 2 ? nil : "numpy \(output.trimmingCharacters(in: .whitespacesAndNewlines)) is older than 2"
    }

    /// One run of a numpy reference at one BLAS thread: the CPU seconds it reports.
    private func numpyCPUSeconds(_ reference: NumpyReference) throws -> Double {
        let script = URL(fileURLWithPath: numpyReferences).appendingPathComponent(reference.script).path
        let oneThread = ["OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"]
        let output = try run(python, [script] + reference.arguments, environment: oneThread)
        guard let seconds = NumpyReference.cpuSeconds(reportedIn: output) else {
            throw LabError("\(reference.script) printed no '\(NumpyReference.cpuSecondsPrefix)' line")
        }
        return seconds
    }

    /// Runs `program` (found on PATH) with `arguments` and extra environment
    /// variables; returns its standard output.
    /// - Throws: ``LabError`` when it cannot start or exits with a non-zero status.
    private func run(_ program: String, _ arguments: [String], environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw LabError("\(program) \(arguments.joined(separator: " ")) exited with status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The median of `count` timings.
    private func median(of count: Int, _ measure: () throws -> Double) throws -> Double {
        var times: [Double] = []
        for _ in 0..<count { times.append(try measure()) }
        return median(times)
    }

    /// The median of some numbers.
    fileprivate func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let count = sorted.count
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
    }

    /// The wall time of one child process, in seconds, standard output discarded.
    private func time(_ executable: URL, _ arguments: [String]) throws -> Double {
        try measure(executable, arguments).wall
    }

    /// The CPU time (user + system) of one child process, in seconds, standard output discarded.
    private func cpuTime(_ program: URL, _ arguments: [String]) throws -> Double {
        try measure(program, arguments).cpu
    }

    /// The wall and CPU seconds and the peak resident memory (MiB) of one
    /// child process, standard output discarded.
    fileprivate func measure(_ program: URL, _ arguments: [String]) throws -> (wall: Double, cpu: Double, peakMiB: Double) {
        var arguments = arguments
        var folder: URL?
        if let index = arguments.firstIndex(of: BenchmarkWorkload.outputFolderPlaceholder) {
            let fresh = FileManager.default.temporaryDirectory.appendingPathComponent("edl-bench-\(UUID().uuidString)")
            arguments[index] = fresh.path
            folder = fresh
        }
        defer { if let folder { try? FileManager.default.removeItem(at: folder) } }
        // posix_spawn and wait4 directly: Foundation's Process.waitUntilExit
        // polls a run loop and adds tens of milliseconds to a short run.
        let argv = ([program.path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        var child: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawn(&child, program.path, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw LabError("cannot start \(program.path): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(child, &status, 0, &usage) == -1 && errno == EINTR {}
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard status == 0 else {
            throw LabError(
                "benchmark command failed (wait status \(status)): \(program.lastPathComponent) \(arguments.joined(separator: " "))")
        }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        // (ru_maxrss is in KiB on Linux.)
        return (elapsed, seconds(usage.ru_utime) + seconds(usage.ru_stime), Double(usage.ru_maxrss) / 1024)
    }

    private func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}
