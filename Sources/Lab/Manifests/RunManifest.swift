import EDL
import Foundation
import GSL
import Scenarios

/// The manifest of `edl run --format json` (and of each sweep cell's JSON
/// file): what produced the rows beside it. One type serves the writer and
/// every reader (`edl plot`'s series names, the sweep's checks).
///
/// Keys whose unit depends on the run (`best_loss_bits` or `_nats`,
/// `peak_edl_per_sample_bits` or `_nats`) carry the unit in their name, as
/// the CSV columns do.
public struct RunManifest: Codable, Sendable, Equatable {
    /// Always `edl`.
    public var tool = "edl"
    /// The tool version (``ToolVersion/current``).
    public var version: String
    /// The scenario's registered name.
    public var scenario: String
    /// The learner's name.
    public var learner: String
    /// Every parameter of the run, components' as `cN.KEY` (their learners as `cN.learner`).
    public var parameters: [String: ManifestValue]
    /// The master seed.
    public var seed: UInt64
    /// The random generator's name (`xoshiro256`, `mt19937`, `taus2`).
    public var generator: String
    /// Replicates per n.
    public var replicates: Int
    /// `bits` or `nats`: the unit of every code length and loss.
    public var units: String
    /// The n-grid as given.
    public var grid: String
    /// The grid's points.
    public var n: [Int]
    /// L* in ``units`` per example, where known.
    public var bestLoss: Double?
    /// Which theory applies, in one sentence.
    public var theory: String
    /// The elicitation/teaching signature of the EDL/n curve, where it can be computed.
    public var signature: SignatureRecord?

    /// The signature as written in the manifest.
    public struct SignatureRecord: Codable, Sendable, Equatable {
        /// `bits` or `nats`: the unit of ``peakEDLPerSample`` (named in its key).
        public var units: String
        /// `elicitation`, `teaching`, `crossover` or `undetermined`.
        public var kind: String
        /// The n of the largest EDL/n, and the interval that holds it.
        public var peakN: Int
        /// The lower end of the peak's interval.
        public var peakNLow: Int
        /// The upper end of the peak's interval.
        public var peakNHigh: Int
        /// The largest EDL/n, in the manifest's units per example.
        public var peakEDLPerSample: Double
        /// The rising phase's first and last n, where there is one.
        public var risingFromN: Int?
        /// The rising phase's last n.
        public var risingToN: Int?
        /// For `undetermined`: the factor by which to multiply the replicates.
        public var replicatesFactor: Double?
        /// The window: the grid's first n.
        public var windowFirstN: Int
        /// The grid's last n.
        public var windowLastN: Int
        /// The warnings' codes (`few_points`, `peak_before_window`, `not_monotonic`).
        public var warnings: [String]
        /// The warnings in words.
        public var warningTexts: [String]
    }

    /// The manifest of `result` printed in `unit`.
    public init(result: ExperimentResult, unit: InformationUnit) {
        let configuration = result.configuration
        parameters = Self.parameters(of: configuration)
        version = ToolVersion.current
        scenario = configuration.scenario
        learner = configuration.learner
        seed = result.seed
        generator = result.generator.rawValue
        replicates = result.replicates
        units = unit.rawValue
        grid = result.grid.description
        n = result.grid.points
        bestLoss = result.bestLoss.map(unit.fromNats)
        theory = result.theoryNote
        signature = result.signature.map { signature in
            SignatureRecord(
                units: unit.rawValue, kind: signature.kind.rawValue, peakN: signature.peakN, peakNLow: signature.peakInterval.lowerBound,
                peakNHigh: signature.peakInterval.upperBound, peakEDLPerSample: unit.fromNats(signature.peakValue),
                risingFromN: signature.risingPhase?.lowerBound, risingToN: signature.risingPhase?.upperBound,
                replicatesFactor: signature.replicatesFactor, windowFirstN: signature.window.lowerBound,
                windowLastN: signature.window.upperBound, warnings: signature.warnings.map(\.code),
                warningTexts: signature.warnings.map(\.text))
        }
    }

    /// Every parameter of `configuration` as the manifest records it:
    /// numbers as numbers, components' as `cN.KEY`.
    public static func parameters(of configuration: ScenarioConfiguration) -> [String: ManifestValue] {
        let values = Dictionary(
            (configuration.parameters.sorted + configuration.learnerParameters.sorted).map { ($0.name, $0.value) },
            uniquingKeysWith: { first, _ in first })
        var parameters: [String: ManifestValue] = [:]
        for pair in configuration.describedParameters {
            parameters[pair.name] = values[pair.name].map(ManifestValue.init) ?? .text(pair.value)
        }
        return parameters
    }

    /// The manifest as pretty-printed JSON with sorted keys (byte-stable).
    public func jsonText() throws -> String {
        String(decoding: try ManifestCoding.encoder().encode(self), as: UTF8.self)
    }

    /// Reads the manifest of a run's JSON document (`{"manifest": …, "rows": …}`).
    /// - Throws: ``LabError`` naming the file when it is not such a document.
    public static func read(document data: Data, source: String) throws -> RunManifest {
        struct Document: Decodable { var manifest: RunManifest }
        do {
            return try JSONDecoder().decode(Document.self, from: data).manifest
        } catch {
            throw LabError("'\(source)' is not a run's JSON document written by edl: \(ManifestCoding.reason(error))")
        }
    }

    private enum Key: String, CodingKey {
        case tool, version, scenario, learner, parameters, seed, generator, replicates, units, grid, n, theory, signature
        case bestLossBits = "best_loss_bits", bestLossNats = "best_loss_nats"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        tool = try container.decode(String.self, forKey: .tool)
        version = try container.decode(String.self, forKey: .version)
        scenario = try container.decode(String.self, forKey: .scenario)
        learner = try container.decode(String.self, forKey: .learner)
        parameters = try container.decode([String: ManifestValue].self, forKey: .parameters)
        seed = try container.decode(UInt64.self, forKey: .seed)
        generator = try container.decode(String.self, forKey: .generator)
        replicates = try container.decode(Int.self, forKey: .replicates)
        units = try container.decode(String.self, forKey: .units)
        grid = try container.decode(String.self, forKey: .grid)
        n = try container.decode([Int].self, forKey: .n)
        bestLoss = try container.decodeIfPresent(Double.self, forKey: units == "nats" ? .bestLossNats : .bestLossBits)
        theory = try container.decode(String.self, forKey: .theory)
        signature = try container.decodeIfPresent(SignatureRecord.self, forKey: .signature)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(tool, forKey: .tool)
        try container.encode(version, forKey: .version)
        try container.encode(scenario, forKey: .scenario)
        try container.encode(learner, forKey: .learner)
        try container.encode(parameters, forKey: .parameters)
        try container.encode(seed, forKey: .seed)
        try container.encode(generator, forKey: .generator)
        try container.encode(replicates, forKey: .replicates)
        try container.encode(units, forKey: .units)
        try container.encode(grid, forKey: .grid)
        try container.encode(n, forKey: .n)
        if let bestLoss { try container.encode(bestLoss, forKey: units == "nats" ? .bestLossNats : .bestLossBits) }
        try container.encode(theory, forKey: .theory)
        try container.encode(signature, forKey: .signature)  // null where there is none
    }
}

extension RunManifest.SignatureRecord {
    private enum Key: String, CodingKey {
        case kind, peakN = "peak_n", peakNLow = "peak_n_low", peakNHigh = "peak_n_high"
        case peakBits = "peak_edl_per_sample_bits", peakNats = "peak_edl_per_sample_nats"
        case risingFromN = "rising_from_n", risingToN = "rising_to_n", replicatesFactor = "replicates_factor"
        case windowFirstN = "window_first_n", windowLastN = "window_last_n", warnings, warningTexts = "warning_texts"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        units = container.contains(.peakNats) ? "nats" : "bits"
        kind = try container.decode(String.self, forKey: .kind)
        peakN = try container.decode(Int.self, forKey: .peakN)
        peakNLow = try container.decode(Int.self, forKey: .peakNLow)
        peakNHigh = try container.decode(Int.self, forKey: .peakNHigh)
        peakEDLPerSample = try container.decode(Double.self, forKey: units == "nats" ? .peakNats : .peakBits)
        risingFromN = try container.decodeIfPresent(Int.self, forKey: .risingFromN)
        risingToN = try container.decodeIfPresent(Int.self, forKey: .risingToN)
        replicatesFactor = try container.decodeIfPresent(Double.self, forKey: .replicatesFactor)
        windowFirstN = try container.decode(Int.self, forKey: .windowFirstN)
        windowLastN = try container.decode(Int.self, forKey: .windowLastN)
        warnings = try container.decode([String].self, forKey: .warnings)
        warningTexts = try container.decode([String].self, forKey: .warningTexts)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(peakN, forKey: .peakN)
        try container.encode(peakNLow, forKey: .peakNLow)
        try container.encode(peakNHigh, forKey: .peakNHigh)
        try container.encode(peakEDLPerSample, forKey: units == "nats" ? .peakNats : .peakBits)
        try container.encodeIfPresent(risingFromN, forKey: .risingFromN)
        try container.encodeIfPresent(risingToN, forKey: .risingToN)
        try container.encodeIfPresent(replicatesFactor, forKey: .replicatesFactor)
        try container.encode(windowFirstN, forKey: .windowFirstN)
        try container.encode(windowLastN, forKey: .windowLastN)
        try container.encode(warnings, forKey: .warnings)
        try container.encode(warningTexts, forKey: .warningTexts)
    }
}
