import Foundation
import GSL
import Lab
import Scenarios

/// A deterministic mutation fuzzer for what `edl` reads from users: the
/// experiment-file reader, the `--n` grid parser and `--set` assignments.
///
/// Inputs are made by mutating a corpus (the experiment files of
/// `Scenarios/`, grids and assignments of every scenario's parameters) with
/// byte flips, insertions of syntax characters and extreme numbers,
/// deletions, duplications and splices. Each input must be accepted or
/// refused with a ``LabError`` or ``ScenarioError`` whose message is one
/// line; a trap ends the process (the caller sees it), an input slower than
/// ``timeout`` counts as a timeout. The same seed gives the same inputs.
package struct ParserFuzzer {
    /// What a run found.
    package struct Report: Sendable {
        /// Inputs tried.
        package var executions = 0
        /// Inputs accepted.
        package var accepted = 0
        /// Inputs refused (with a one-line message).
        package var refused = 0
        /// Inputs slower than the timeout.
        package var timeouts: [String] = []
        /// Inputs refused with a message of more than one line, or an error of another kind.
        package var badMessages: [String] = []
        /// The slowest input's time, seconds.
        package var slowest = 0.0
        /// Experiment files that ended a child process with a signal (a crash), with the input.
        package var crashes: [String] = []
        /// Experiment files that reached an assertion inside toml++ and were refused by the guard (exit 2, one line).
        package var containedAssertions = 0
    }

    /// The experiment files' texts.
    package var corpus: [Data]
    /// The longest one input may take.
    package var timeout: Duration = .seconds(1)
    /// Where to write each experiment-file input before it is read (to find the one that traps).
    package var trace: String?

    /// Interesting pieces to insert: TOML syntax, control bytes, invalid UTF-8 and extreme numbers.
    static let pieces: [String] = [
        "[", "]", "[[", "=", "\"", "'", "\"\"\"", "'''", "\n", "\r\n", "\r", ".", "_", "0", "9", "-", "+", "e", "x", "0x",
        "{", "}", ",", "#", "\\", "\\u", "\u{0}", "\u{1B}", "\t", " ", "inf", "nan", "true", "1979-05-27",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "18446744073709551615", "1e308", "1e309",
        "5e-324", "-1", "0", "1...", ":log", "1...9223372036854775807:log2", "[parameters]", "components", "c1.", "c2.c1.",
    ]

    /// A fuzzer over `corpus`.
    package init(corpus: [Data]) {
        self.corpus = corpus.isEmpty ? [Data("scenario = \"coupon-collector\"\n".utf8)] : corpus
    }

    /// The experiment files under `folder` (recursively), as the corpus.
    package static func corpus(from folder: String) -> [Data] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        while let name = walker.nextObject() as? String {
            if name.hasSuffix(".toml") { found.append(name) }
        }
        return found.sorted().compactMap { FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent($0)) }
    }

    /// Runs `executions` inputs from `seed`; `progress` is called every 100 000.
    package func run(executions: Int, seed: UInt64, progress: ((Report) -> Void)? = nil) throws -> Report {
        let random = try RandomSource(seed: seed)
        var report = Report()
        let scenarios = ScenarioRegistry.all
        for execution in 0..<executions {
            let kind = random.uniformInteger(below: 4)
            let start = ContinuousClock.now
            let shown: String
            do {
                switch kind {
                case 0, 1:
                    let data = mutate(corpus[random.uniformInteger(below: corpus.count)], random: random)
                    shown = String(decoding: data.prefix(200), as: UTF8.self)
                    if let trace { FileManager.default.createFile(atPath: trace, contents: data) }
                    // In a child process: an assertion inside toml++ ends the reader's process (by design of
                    // the guard, with exit status 2), and the fuzzer must go on.
                    switch try Self.inChild(timeout: timeout, {
                        do {
                            let plan = try ExperimentPlan(data: data, source: "fuzz.toml")
                            _ = try NGrid(parsing: plan.grid)
                            return 0
                        } catch {
                            return LabError.firstLine(of: error) == nil ? 3 : 1
                        }
                    }) {
                    case .exited(0): break
                    case .exited(1): throw LabError("refused")
                    case .exited(2):
                        report.containedAssertions += 1
                        throw LabError("refused")
                    case .exited(let status): report.badMessages.append("exit status \(status): " + shown)
                    case .signaled(let signal): report.crashes.append("signal \(signal): " + shown)
                    case .timedOut: report.timeouts.append("execution \(execution): over the time limit: " + shown)
                    }
                case 2:
                    let text = String(decoding: mutate(Data(Self.grid(random).utf8), random: random), as: UTF8.self)
                    shown = "--n " + text
                    _ = try NGrid(parsing: text)
                default:
                    let type = scenarios[random.uniformInteger(below: scenarios.count)]
                    let specs = type.parameters + type.learners.flatMap(\.parameters)
                    let name = specs.isEmpty ? "k" : specs[random.uniformInteger(below: specs.count)].name
                    let value = String(
                        decoding: mutate(Data((specs.first { $0.name == name }?.defaultValue.description ?? "1").utf8), random: random),
                        as: UTF8.self)
                    shown = "\(type.name) --set \(name)=\(value)"
                    var plan = ExperimentPlan(scenario: type.name)
                    try plan.apply(assignments: [(name, value)], splittingLists: true)
                }
                report.accepted += 1
            } catch let error where LabError.firstLine(of: error) != nil {
                // Printed as one line, control characters escaped (LabError.firstLine).
                report.refused += 1
            } catch {
                report.refused += 1
                report.badMessages.append("\(type(of: error)): \(error)")
            }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            report.slowest = max(report.slowest, seconds)
            if elapsed > timeout { report.timeouts.append("execution \(execution): \(seconds) s") }
            report.executions += 1
            if (execution + 1) % 100_000 == 0 { progress?(report) }
        }
        return report
    }

    /// How a child process ended.
    enum ChildEnd: Equatable {
        case exited(Int32)
        case signaled(Int32)
        case timedOut
    }

    /// Runs `work` in a forked child (the fuzzer is single-threaded) and returns how it ended.
    static func inChild(timeout: Duration, _ work: () -> Int32) throws -> ChildEnd {
        let child = fork()
        guard child >= 0 else { throw LabError("fork failed: \(String(cString: strerror(errno)))") }
        if child == 0 {
            // The child's refusals are counted, not shown.
            let null = open("/dev/null", O_WRONLY)
            if null >= 0 { dup2(null, STDERR_FILENO) }
            _exit(work())
        }
        let end = ContinuousClock.now + timeout
        var status: Int32 = 0
        while true {
            let done = waitpid(child, &status, WNOHANG)
            if done == child { break }
            if ContinuousClock.now > end {
                kill(child, SIGKILL)
                waitpid(child, &status, 0)
                return .timedOut
            }
            usleep(done == 0 ? 20 : 0)
        }
        let low = status & 0x7f
        return low == 0 ? .exited((status >> 8) & 0xff) : .signaled(low)
    }

    /// A grid text from the grammar: lists, ranges and log grids of interesting numbers.
    static func grid(_ random: RandomSource) -> String {
        let numbers = ["1", "2", "10", "1000", "0", "-1", "100000000", "9223372036854775807", "1e3", "5"]
        func number() -> String { numbers[random.uniformInteger(below: numbers.count)] }
        switch random.uniformInteger(below: 3) {
        case 0: return (0...random.uniformInteger(below: 5)).map { _ in number() }.joined(separator: ",")
        case 1: return number() + "..." + number()
        default: return number() + "..." + number() + ":log" + number()
        }
    }

    /// One to four mutations of `data`.
    func mutate(_ data: Data, random: RandomSource) -> Data {
        var bytes = [UInt8](data)
        for _ in 0...random.uniformInteger(below: 4) {
            let position = bytes.isEmpty ? 0 : random.uniformInteger(below: bytes.count + 1)
            switch random.uniformInteger(below: 6) {
            case 0 where !bytes.isEmpty:
                let index = min(position, bytes.count - 1)
                bytes[index] ^= UInt8(1 << random.uniformInteger(below: 8))
            case 1:
                bytes.insert(contentsOf: Array(Self.pieces[random.uniformInteger(below: Self.pieces.count)].utf8), at: position)
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, position + 1 + random.uniformInteger(below: 16))
                bytes.removeSubrange(min(position, end)..<end)
            case 3 where !bytes.isEmpty && bytes.count < 100_000:
                let end = min(bytes.count, position + 1 + random.uniformInteger(below: 64))
                let start = min(position, end)
                bytes.insert(contentsOf: bytes[start..<end], at: start)
            case 4:
                let other = [UInt8](corpus[random.uniformInteger(below: corpus.count)])
                let from = other.isEmpty ? 0 : random.uniformInteger(below: other.count)
                bytes.insert(contentsOf: other[from..<min(other.count, from + random.uniformInteger(below: 80))], at: position)
            default:
                bytes.insert(UInt8(truncatingIfNeeded: random.uniformInteger(below: 256)), at: position)
            }
        }
        return Data(bytes)
    }
}
