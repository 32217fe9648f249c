import Foundation

/// The training-set sizes n at which a trajectory is checkpointed: distinct
/// positive integers in ascending order.
///
/// Written as a list `1,2,5,10`, a range `1...1000` (every n), or a log grid
/// `1...100000:log30` (30 distinct integers, log-spaced, both ends included).
public struct NGrid: Sendable, Equatable, CustomStringConvertible {
    /// The checkpoints, ascending and distinct, each ≥ 1.
    public let points: [Int]
    /// The text the grid was parsed from (its canonical form).
    public let description: String

    /// The most points a grid may hold.
    public static let maximumPointCount = 1_000_000
    /// The largest n a grid may name: 10^12 examples per replicate (larger
    /// sizes, multiplied by replicates and model sizes, would overflow the
    /// counts the runner keeps; no run of this lab comes near).
    public static let maximumN = 1_000_000_000_000

    /// The accepted forms, for error messages.
    static let accepted = "a list like 1,2,5,10, a range like 1...1000, or a log grid like 1...100000:log30"

    /// Parses a grid.
    /// - Throws: ``LabError`` naming the malformed part and the accepted forms.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.contains("...") {
            points = try Self.parseRange(trimmed)
        } else {
            points = try Self.parseList(trimmed)
        }
        description = trimmed
    }

    /// The largest n.
    public var largest: Int { points.last ?? 0 }

    private static func invalid(_ text: String, _ reason: String) -> LabError {
        LabError("invalid n-grid '\(text)': \(reason); expected \(accepted)")
    }

    private static func positive(_ item: Substring, in text: String) throws -> Int {
        guard let value = Int(item.trimmingCharacters(in: .whitespaces)) else {
            throw invalid(text, "'\(item)' is not an integer")
        }
        guard value >= 1 else {
            throw invalid(text, "n must be at least 1, got \(value)")
        }
        guard value <= maximumN else {
            throw invalid(text, "n must be at most \(maximumN), got \(value)")
        }
        return value
    }

    private static func parseList(_ text: String) throws -> [Int] {
        guard !text.isEmpty else { throw invalid(text, "it is empty") }
        let values = try text.split(separator: ",", omittingEmptySubsequences: false).map { try positive($0, in: text) }
        for (previous, next) in zip(values, values.dropFirst()) where next <= previous {
            throw invalid(text, "values must increase, but \(next) follows \(previous)")
        }
        guard values.count <= maximumPointCount else {
            throw invalid(text, "more than \(maximumPointCount) points")
        }
        return values
    }

    private static func parseRange(_ text: String) throws -> [Int] {
        let parts = text.components(separatedBy: "...")
        guard parts.count == 2 else { throw invalid(text, "a range has one '...'") }
        let lower = try positive(Substring(parts[0]), in: text)
        let rest = parts[1].split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let upper = try positive(rest[0], in: text)
        guard upper >= lower else {
            throw invalid(text, "the range is empty (\(upper) < \(lower))")
        }
        guard rest.count == 2 else {
            guard upper - lower < maximumPointCount else {
                throw invalid(text, "more than \(maximumPointCount) points; use a log grid")
            }
            return Array(lower...upper)
        }
        let spec = rest[1]
        guard spec.hasPrefix("log"), let count = Int(spec.dropFirst(3)) else {
            throw invalid(text, "'\(spec)' is not a spacing; write logN with N the number of points")
        }
        guard count >= 2, count <= maximumPointCount else {
            throw invalid(text, "a log grid needs 2...\(maximumPointCount) points, got \(count)")
        }
        guard upper - lower >= count - 1 else {
            throw invalid(text, "\(lower)...\(upper) holds only \(upper - lower + 1) integers, fewer than \(count)")
        }
        return logSpaced(from: lower, to: upper, count: count)
    }

    /// `count` distinct integers from `lower` to `upper`, both included, as
    /// evenly spaced in log n as integers allow: each point is placed
    /// geometrically between the previous one and `upper`, and nudged up when
    /// rounding would repeat a value.
    static func logSpaced(from lower: Int, to upper: Int, count: Int) -> [Int] {
        var points = [lower]
        points.reserveCapacity(count)
        var current = lower
        for index in 1..<count {
            let remaining = count - index
            let ratio = pow(Double(upper) / Double(current), 1 / Double(remaining))
            // Clamped before the conversion: near the top of Int's range a Double rounds past it.
            let target = (Double(current) * ratio).rounded()
            var next = target >= Double(upper) ? upper : Int(target)
            next = max(next, current + 1)
            next = min(next, upper - (remaining - 1))
            points.append(next)
            current = next
        }
        return points
    }
}
