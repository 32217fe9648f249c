import Lab
import Foundation

/// One timed `edl` command of `make bench`: its exact command line, the
/// learner steps it makes, its time target and, where it is a plain stream
/// of uniform draws, the draws-only loop it is compared with.
public struct BenchmarkWorkload: Sendable {
    /// A short name, used by `edl bench --only NAME`.
    public let name: String
    /// What it runs, in words.
    public let summary: String
    /// The `edl` arguments (the command line after `edl`).
    public let arguments: [String]
    /// Learner steps in all: replicates × examples per replicate.
    public let learnerSteps: Int
    /// The wall-time target in seconds (release build, whole process), if any.
    public let targetSeconds: Double?
    /// The draws the workload consumes, replayed alone, if they are plain
    /// uniform integers.
    public let draws: DrawLoop?
    /// Whether the workload is bound by its random draws (its learner step
    /// is O(1) and trivial), so its time should stay within
    /// ``drawRatioTarget`` of the draws-only loop.
    public let isRandomNumberBound: Bool

    /// The largest accepted ratio of wall time to draws-only time for a
    /// random-number-bound workload.
    public static let drawRatioTarget = 1.5
    /// The bare C loop of `Benchmarks/reference/` that does the least this
    /// workload's per-example work can do (program name, then its arguments), if any.
    public let bareLoop: [String]?
    /// The most CPU time a workload with a bare loop may take at one thread, as a multiple of the loop's.
    public static let bareLoopTarget = 1.3
    /// The workload doing the simplest version of this one's work (its
    /// noise-free, check-free or unwrapped sibling), compared per learner
    /// step, with the most CPU time per step this one may take as a multiple
    /// of the sibling's (`nil`: for information, as for Adam's check, which
    /// is off by default because of its cost).
    public let sibling: (name: String, target: Double?)?
    /// The scaling family this workload belongs to (workloads differing in
    /// one size), with its size there; `edl bench` prints the exponent of CPU
    /// time per learner step against that size.
    public let scaling: (family: String, size: Double)?
    /// The largest accepted peak resident memory of the whole process, in MiB, if any.
    public let memoryTargetMiB: Double?
    /// The vectorised numpy program doing the same computation, if any.
    public let numpy: NumpyReference?

    /// Creates a workload.
    public init(
        name: String, summary: String, arguments: [String], learnerSteps: Int, targetSeconds: Double?,
        draws: DrawLoop?, isRandomNumberBound: Bool = false, bareLoop: [String]? = nil,
        sibling: (name: String, target: Double?)? = nil, scaling: (family: String, size: Double)? = nil,
        memoryTargetMiB: Double? = nil, numpy: NumpyReference? = nil
    ) {
        self.name = name
        self.summary = summary
        self.arguments = arguments
        self.learnerSteps = learnerSteps
        self.targetSeconds = targetSeconds
        self.draws = draws
        self.isRandomNumberBound = isRandomNumberBound
        self.bareLoop = bareLoop
        self.sibling = sibling
        self.scaling = scaling
        self.memoryTargetMiB = memoryTargetMiB
        self.numpy = numpy
    }

    /// The reference workloads: issue #11's five (numpy comparison), the
    /// scenario-specific ones of the earlier issues, then the paths outside
    /// them (noise, composition, Dirichlet and Zipf draws at K = 10^6, the
    /// gradient learners' monotonicity check, dense grids), each beside its
    /// simplest sibling.
    public static let standard: [BenchmarkWorkload] = {
        let key = [1 << 32, 1 << 32]  // a world's 64-bit hash key, as two 32-bit draws
        func words(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }
        // 100 distinct values of K from 10 to about 10^4, log-spaced.
        let sweepKs = (0..<100).map { String(Int((10 * pow(1000, Double($0) / 99)).rounded()) + $0) }
            .joined(separator: ",")
        return [
            BenchmarkWorkload(
                name: "coupon-1e3",
                summary: "coupon-collector bayes K=10^3, k=2, n ≤ 10^4 on 30 points, 1000 replicates",
                arguments: words("run coupon-collector --set K=1000 --n 1...10000:log30 --replicates 1000 --format csv"),
                learnerSteps: 1000 * 10_000, targetSeconds: 0.08,
                draws: DrawLoop(setupBounds: key, exampleBounds: [1000], examples: 10_000, replicates: 1000),
                isRandomNumberBound: true, bareLoop: ["coupon", "1", "1000", "10000", "1000"],
                numpy: NumpyReference(script: "coupon.py", arguments: ["1000", "10000", "1000", "30"])),
            BenchmarkWorkload(
                name: "coupon-1e6",
                summary: "coupon-collector bayes K=10^6, k=2, n ≤ 10^7 on 40 points, 1 replicate",
                arguments: words(
                    "run coupon-collector --set K=1000000 --n 1...10000000:log40 --replicates 1 --format csv"),
                learnerSteps: 10_000_000, targetSeconds: 0.08,
                draws: DrawLoop(setupBounds: key, exampleBounds: [1_000_000], examples: 10_000_000, replicates: 1),
                isRandomNumberBound: true, bareLoop: ["coupon", "1", "1000000", "10000000", "1"],
                numpy: NumpyReference(script: "coupon.py", arguments: ["1000000", "10000000", "1", "40"])),
            BenchmarkWorkload(
                name: "collapse-2^20",
                summary: "hypothesis-collapse bayes m=2^20, k=2, 64 inputs, n ≤ 100 on 20 points, 1 replicate",
                arguments: words(
                    "run hypothesis-collapse --set m=1048576 --set inputs=64 --set k=2 --n 1...100:log20 --replicates 1 --format csv"
                ),
                learnerSteps: 100, targetSeconds: 1.0,
                draws: DrawLoop(setupBounds: [1 << 20] + key, exampleBounds: [64], examples: 100, replicates: 1),
                numpy: NumpyReference(script: "collapse.py", arguments: ["1048576", "64", "100", "1", "20"])),
            BenchmarkWorkload(
                name: "collapse-1024",
                summary: "hypothesis-collapse bayes m=1024, k=2, 64 inputs, n ≤ 200 on 20 points, 1000 replicates",
                arguments: words(
                    "run hypothesis-collapse --set m=1024 --set inputs=64 --set k=2 --n 1...200:log20 --replicates 1000 --format csv"
                ),
                learnerSteps: 1000 * 200, targetSeconds: 1.3,
                draws: DrawLoop(setupBounds: [1024] + key, exampleBounds: [64], examples: 200, replicates: 1000),
                numpy: NumpyReference(script: "collapse.py", arguments: ["1024", "64", "200", "1000", "20"])),
            BenchmarkWorkload(
                name: "kt-labels",
                summary: "random-labels kt k=2, n ≤ 1000 on 20 points, 20000 replicates",
                arguments: words(
                    "run random-labels --learner kt --set k=2 --n 1...1000:log20 --replicates 20000 --format csv"),
                learnerSteps: 20_000 * 1000, targetSeconds: 0.25,
                draws: DrawLoop(setupBounds: [], exampleBounds: [2], examples: 1000, replicates: 20_000),
                isRandomNumberBound: true, bareLoop: ["kt", "1", "1000", "20000"],
                numpy: NumpyReference(script: "kt.py", arguments: ["1000", "20000", "20"])),
            BenchmarkWorkload(
                name: "digits-2^20",
                summary: "hypothesis-collapse digits m=2^20, n ≤ 300 on 12 points, 2000 replicates",
                arguments: words(
                    "run hypothesis-collapse --set class=digits --set m=1048576 --n 1...300:log12 --replicates 2000 --format csv"
                ),
                learnerSteps: 2000 * 300, targetSeconds: nil,
                draws: DrawLoop(setupBounds: [1 << 20], exampleBounds: [20], examples: 300, replicates: 2000)),
            BenchmarkWorkload(
                name: "coupon-dirichlet",
                summary: "coupon-collector dirichlet K=10^3, n ≤ 10^4 on 30 points, 1000 replicates",
                arguments: words(
                    "run coupon-collector --learner dirichlet --set K=1000 --n 1...10000:log30 --replicates 1000 --format csv"
                ),
                learnerSteps: 1000 * 10_000, targetSeconds: nil,
                draws: DrawLoop(setupBounds: key, exampleBounds: [1000], examples: 10_000, replicates: 1000),
                scaling: ("dirichlet coupon, K", 1000)),
            BenchmarkWorkload(
                name: "coupon-zipf",
                summary: "coupon-collector bayes Zipf K=10^6, n ≤ 10^7 on 40 points, 1 replicate (alias-table draws)",
                arguments: words(
                    "run coupon-collector --set K=1000000 --set frequencies=zipf --n 1...10000000:log40 --replicates 1 --format csv"
                ),
                learnerSteps: 10_000_000, targetSeconds: nil, draws: nil, sibling: ("coupon-1e6", 3)),
            BenchmarkWorkload(
                name: "coupon-sgd",
                summary: "coupon-collector sgd table K=10^3, k=10, n ≤ 10^4 on 20 points, 200 replicates",
                arguments: words(
                    "run coupon-collector --learner sgd --set K=1000 --set k=10 --n 1...10000:log20 --replicates 200 --format csv"
                ),
                learnerSteps: 200 * 10_000, targetSeconds: 5.0,
                draws: DrawLoop(setupBounds: key, exampleBounds: [1000], examples: 10_000, replicates: 200)),
            BenchmarkWorkload(
                name: "memoriser",
                summary: "random-labels memoriser, 100 inputs, n ≤ 10^4 on 9 points, 2000 replicates",
                arguments: words(
                    "run random-labels --learner memoriser --set inputs=100 --n 1...10000:log9 --replicates 2000 --format csv"
                ),
                learnerSteps: 2000 * 10_000, targetSeconds: nil,
                draws: DrawLoop(setupBounds: [], exampleBounds: [100, 2], examples: 10_000, replicates: 2000)),
            BenchmarkWorkload(
                name: "sweep-100",
                summary: "sweep of 100 coupon-collector cells (K = 10…10^4), 100 replicates each, n ≤ 10^4",
                arguments: ["sweep", "coupon-collector", "--set", "K=\(sweepKs)", "--n", "1...10000:log20",
                            "--replicates", "100", "--output", outputFolderPlaceholder],
                learnerSteps: 100 * 100 * 10_000, targetSeconds: 30, draws: nil),
        ] + outsideTheReferenceSet
    }()

    /// The slow paths of issue #23, each with its simplest sibling.
    static let outsideTheReferenceSet: [BenchmarkWorkload] = {
        func words(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }
        func workload(
            _ name: String, _ summary: String, _ arguments: String, steps: Int,
            sibling: (name: String, target: Double?)? = nil, scaling: (family: String, size: Double)? = nil,
            memoryTargetMiB: Double? = nil, numpy: NumpyReference? = nil
        ) -> BenchmarkWorkload {
            BenchmarkWorkload(
                name: name, summary: summary, arguments: words(arguments + " --format csv"), learnerSteps: steps,
                targetSeconds: nil, draws: nil, sibling: sibling, scaling: scaling, memoryTargetMiB: memoryTargetMiB,
                numpy: numpy)
        }
        return [
            workload(
                "collapse-2^16", "hypothesis-collapse bayes m=2^16, k=2, 64 inputs, n ≤ 100, 4 replicates (noise-free sibling)",
                "run hypothesis-collapse --set m=65536 --set inputs=64 --n 1...100:log20 --replicates 4", steps: 400),
            workload(
                "noisy-collapse-2^16", "hypothesis-collapse bayes m=2^16, η=0.1, n ≤ 100, 4 replicates",
                "run hypothesis-collapse --set m=65536 --set inputs=64 --set noise=0.1 --n 1...100:log20 --replicates 4",
                steps: 400, sibling: ("collapse-2^16", 3), scaling: ("noisy collapse, m", 65536)),
            workload(
                "noisy-collapse-2^18", "hypothesis-collapse bayes m=2^18, η=0.1, n ≤ 100, 1 replicate",
                "run hypothesis-collapse --set m=262144 --set inputs=64 --set noise=0.1 --n 1...100:log20 --replicates 1",
                steps: 100, scaling: ("noisy collapse, m", 262_144),
                numpy: NumpyReference(script: "noisy_collapse.py", arguments: ["262144", "64", "0.1", "100", "20"])),
            workload(
                "noisy-coupon", "coupon-collector bayes K=10^3, k=2, η=0.1, n ≤ 10^4, 200 replicates",
                "run coupon-collector --set K=1000 --set noise=0.1 --n 1...10000:log30 --replicates 200",
                steps: 200 * 10_000, sibling: ("coupon-1e3", 3), scaling: ("noisy coupon, n", 10_000),
                numpy: NumpyReference(script: "noisy_coupon.py", arguments: ["1000", "0.1", "10000", "200", "30"])),
            workload(
                "noisy-coupon-1e5", "coupon-collector bayes K=10^3, k=2, η=0.1, n ≤ 10^5, 20 replicates",
                "run coupon-collector --set K=1000 --set noise=0.1 --n 1...100000:log30 --replicates 20",
                steps: 20 * 100_000, scaling: ("noisy coupon, n", 100_000)),
            workload(
                "format-capability", "format-capability (simulated: 64 formats, 2 format tokens, coupon K=10^3, k=10), n ≤ 10^5, 30 replicates",
                "run format-capability --n 1...100000:log20 --replicates 30", steps: 30 * 100_000,
                sibling: ("coupon-in-format", 2)),
            workload(
                "coupon-in-format", "coupon-collector bayes K=10^3, k=10, n ≤ 10^5, 30 replicates (format-capability's capability alone)",
                "run coupon-collector --set K=1000 --set k=10 --n 1...100000:log20 --replicates 30", steps: 30 * 100_000),
            workload(
                "dirichlet-1e6", "coupon-collector dirichlet K=10^6, n ≤ 10^7 on 40 points, 1 replicate",
                "run coupon-collector --learner dirichlet --set K=1000000 --n 1...10000000:log40 --replicates 1",
                steps: 10_000_000, sibling: ("coupon-dirichlet", 3), scaling: ("dirichlet coupon, K", 1_000_000)),
            workload(
                "sgd-checked", "random-labels sgd table, 100 inputs, k=2, n ≤ 10^4, 100 replicates, with the monotonicity check (the default)",
                "run random-labels --learner sgd --set inputs=100 --n 1...10000:log20 --replicates 100",
                steps: 100 * 10_000, sibling: ("sgd-unchecked", 2)),
            workload(
                "sgd-unchecked", "sgd-checked without the monotonicity check",
                "run random-labels --learner sgd --set inputs=100 --set monotonicity=off --n 1...10000:log20 --replicates 100",
                steps: 100 * 10_000),
            workload(
                "sgd-checked-1e4", "coupon-collector sgd table K=10^4, k=2, n ≤ 2·10^4, 10 replicates, with the monotonicity check",
                "run coupon-collector --learner sgd --set K=10000 --n 1...20000:log10 --replicates 10",
                steps: 10 * 20_000, sibling: ("sgd-unchecked-1e4", 2)),
            workload(
                "sgd-unchecked-1e4", "sgd-checked-1e4 without the monotonicity check",
                "run coupon-collector --learner sgd --set K=10000 --set monotonicity=off --n 1...20000:log10 --replicates 10",
                steps: 10 * 20_000),
            workload(
                "adam-checked", "random-labels adam table, 100 inputs, k=2, n ≤ 2000, 20 replicates, with the monotonicity check (off by default)",
                "run random-labels --learner adam --set inputs=100 --set monotonicity=track --n 1...2000:log10 --replicates 20",
                steps: 20 * 2000, sibling: ("adam-unchecked", nil)),
            workload(
                "adam-unchecked", "adam-checked without the check (the default)",
                "run random-labels --learner adam --set inputs=100 --n 1...2000:log10 --replicates 20", steps: 20 * 2000),
            workload(
                "dense-grid-1e5", "coupon-collector bayes K=100, every n to 10^5, 2 replicates",
                "run coupon-collector --set K=100 --n 1...100000 --replicates 2", steps: 2 * 100_000,
                scaling: ("dense grid, points", 100_000)),
            workload(
                "dense-grid-1e6", "coupon-collector bayes K=100, every n to 10^6, 2 replicates (at most 500 MiB)",
                "run coupon-collector --set K=100 --n 1...1000000 --replicates 2", steps: 2 * 1_000_000,
                scaling: ("dense grid, points", 1_000_000), memoryTargetMiB: 500),
        ]
    }()

    /// Stands for a fresh temporary folder in ``arguments``.
    public static let outputFolderPlaceholder = "{OUTPUT_FOLDER}"
}
