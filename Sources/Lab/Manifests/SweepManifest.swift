import Foundation

/// `sweep.json`, the plan of a sweep's output folder: written by `edl sweep`,
/// read back by `--resume` and `edl aggregate`.
public struct SweepManifest: Codable, Sendable, Equatable {
    /// Always `edl`.
    public var tool = "edl"
    /// The tool version that wrote it.
    public var version: String
    /// The scenario's registered name.
    public var scenario: String
    /// The learner, or empty for the scenario's default.
    public var learner: String
    /// The n-grid text.
    public var grid: String
    /// Replicates per cell.
    public var replicates: Int
    /// The master seed.
    public var seed: UInt64
    /// `bits` or `nats`.
    public var units: String
    /// The random generator's name; nil in folders written before it was recorded.
    public var generator: String?
    /// Every cell, in sweep order.
    public var cells: [Cell]

    /// One cell: its id, its parameters' names in order, and their values.
    public struct Cell: Codable, Sendable, Equatable {
        /// The cell id (a hash of what determines its numbers).
        public var id: String
        /// The parameter names in the order of the sweep's axes.
        public var order: [String]
        /// The cell's values, by parameter name.
        public var parameters: [String: String]
    }

    /// The manifest as pretty-printed JSON with sorted keys (byte-stable).
    public func jsonText() throws -> String {
        String(decoding: try ManifestCoding.encoder().encode(self), as: UTF8.self) + "\n"
    }

    /// Reads `sweep.json` from `folder`.
    /// - Throws: ``LabError`` when it is missing or not a sweep manifest.
    public static func read(folder: String) throws -> SweepManifest {
        let path = (folder as NSString).appendingPathComponent("sweep.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LabError("'\(folder)' holds no readable sweep.json; expected the output folder of edl sweep")
        }
        do {
            return try JSONDecoder().decode(SweepManifest.self, from: data)
        } catch {
            throw LabError("'\(path)' is not a sweep manifest written by edl sweep: \(ManifestCoding.reason(error))")
        }
    }
}
