import Foundation

/// The files one command reads and writes, checked before any work: no
/// output may be one of the inputs (`edl run e.toml --output e.toml` would
/// replace the experiment file) or another output of the same command
/// (`--output o.svg --plot o.svg` would lose one of them), and every
/// output must be writable (its folder exists and is writable, it is not a folder).
package struct OutputPlan: Sendable {
    /// (what it is, e.g. `--plot`, path) of every file the command writes.
    package var outputs: [(option: String, path: String)] = []
    /// (what it is, e.g. `the experiment file`, path) of every file it reads.
    package var inputs: [(role: String, path: String)] = []

    /// An empty plan.
    package init() {}

    /// Adds an output when a path is given.
    package mutating func write(_ option: String, _ path: String?) {
        if let path { outputs.append((option, path)) }
    }

    /// Adds an input.
    package mutating func read(_ role: String, _ path: String) {
        inputs.append((role, path))
    }

    /// A path as the file system will resolve it: absolute, standardised,
    /// with symbolic links in its existing part followed (two names of one
    /// file compare equal).
    static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// - Throws: ``LabError`` naming the two options (or the input) that share a path, or a missing folder.
    package func check() throws {
        var seen: [String: String] = [:]
        for input in inputs { seen[Self.resolved(input.path)] = input.role }
        for output in outputs {
            let key = Self.resolved(output.path)
            if let other = seen[key] {
                throw LabError(
                    "\(output.option) '\(output.path)' is also \(other.hasPrefix("-") ? "the file of \(other)" : other); "
                        + "choose another path for \(output.option)")
            }
            seen[key] = output.option
            try AtomicFile.checkWritable(output.path)
        }
    }
}
