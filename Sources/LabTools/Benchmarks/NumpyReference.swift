/// A vectorised numpy program of `Benchmarks/reference/` that does a
/// workload's computation (same model, sizes, grid and replicates, its own
/// random draws), which `edl bench` runs with one BLAS thread and compares
/// in CPU time.
public struct NumpyReference: Sendable {
    /// The script's file name in `Benchmarks/reference/`.
    public let script: String
    /// Its arguments (the workload's sizes, in the order its usage line gives).
    public let arguments: [String]
    /// The smallest accepted speed-up of `edl` over the script: the script's
    /// CPU seconds over `edl`'s, both at one thread.
    public let minimumSpeedUp: Double

    /// The line the script ends with: `cpu_seconds=` and its CPU time in
    /// seconds (user + system, the computation alone: the interpreter's
    /// start and the imports are excluded).
    public static let cpuSecondsPrefix = "cpu_seconds="

    /// Creates a reference; `minimumSpeedUp` 1 asks `edl` to be at least as fast.
    public init(script: String, arguments: [String], minimumSpeedUp: Double = 1) {
        self.script = script
        self.arguments = arguments
        self.minimumSpeedUp = minimumSpeedUp
    }

    /// The CPU seconds a script's standard output reports, if it reports them.
    public static func cpuSeconds(reportedIn output: String) -> Double? {
        for line in output.split(separator: "\n").reversed() where line.hasPrefix(cpuSecondsPrefix) {
            guard let value = Double(line.dropFirst(cpuSecondsPrefix.count)), value.isFinite, value >= 0 else { return nil }
            return value
        }
        return nil
    }
}
