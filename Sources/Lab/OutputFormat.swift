/// How `edl run` writes its result.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Comma-separated values: one row per n, header first (the machine contract).
    case csv
    /// JSON: a manifest and the same numbers as the CSV.
    case json
    /// Aligned columns for people, units in the header.
    case table
}
