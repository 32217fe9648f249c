/// The version of the lab, written in every manifest and printed by `edl --version`.
public enum ToolVersion {
    /// The one place the version is set.
    public static let current = "0.2.0"
}
