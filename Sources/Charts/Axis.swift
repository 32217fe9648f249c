import Foundation

/// One axis of a chart: its label (with unit), its scale and its range.
public struct Axis: Sendable, Equatable {
    /// The label, naming the quantity and its unit, e.g. `EDL/n (bits/example)`.
    public var label: String
    /// Linear or logarithmic.
    public var scale: AxisScale

    /// Creates an axis.
    public init(label: String, scale: AxisScale = .linear) {
        self.label = label
        self.scale = scale
    }

    /// The value as the chart positions it (log10 for a log axis).
    func transform(_ value: Double) -> Double {
        scale == .logarithmic ? log10(value) : value
    }

    /// Tick values and their labels for the data range `lower...upper`
    /// (untransformed): decades on a log axis (1, 10, 100, 10³, …), else
    /// 1–2–5 steps.
    func ticks(lower: Double, upper: Double) -> [(value: Double, label: String)] {
        switch scale {
        case .logarithmic:
            let first = Int(floor(log10(lower) + 1e-9))
            let last = Int(ceil(log10(upper) - 1e-9))
            let stride = max(1, (last - first + 7) / 8)
            return Swift.stride(from: first, through: last, by: stride).map { (pow(10, Double($0)), Self.decade($0)) }
        case .linear:
            // Halves, so that the span of values near ±Double.greatestFiniteMagnitude stays finite.
            let halfSpan = upper / 2 - lower / 2
            guard lower.isFinite, upper.isFinite, halfSpan > 0 else { return [(lower, Self.number(lower))] }
            // A span of a few ulps has no ticks between its ends: one tick, not an endless loop.
            guard halfSpan > 1e-12 * max(abs(lower), abs(upper)) else { return [(lower, Self.number(lower))] }
            let rough = halfSpan / 3
            let magnitude = pow(10, floor(log10(rough)))
            let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
            let start = ceil(lower / step - 1e-9) * step
            guard step.isFinite, start.isFinite else { return [(lower, Self.number(lower)), (upper, Self.number(upper))] }
            // At most about a dozen ticks; counted, not accumulated, so rounding cannot stall the loop.
            var values: [Double] = []
            for index in 0..<24 {
                let value = start + Double(index) * step
                guard value.isFinite, value <= upper + step * 1e-9 else { break }
                values.append(abs(value) < step * 1e-9 ? 0 : value)
            }
            return values.map { ($0, Self.number($0)) }
        }
    }

    /// 10^e written for people: 0.01, 0.1, 1, 10, 100, then 10³, 10⁴ ….
    static func decade(_ exponent: Int) -> String {
        switch exponent {
        case -2: return "0.01"
        case -1: return "0.1"
        case 0: return "1"
        case 1: return "10"
        case 2: return "100"
        default:
            let superscripts: [Character: Character] = [
                "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
                "-": "⁻",
            ]
            return "10" + String(String(exponent).map { superscripts[$0] ?? $0 })
        }
    }

    /// A tick number without float noise.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e6 { return String(Int(value)) }
        var text = String(format: "%.6g", value)
        if text.contains("e") { return text }
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
