import EDL
import Foundation

/// The paper's linear learning curves for format plus capability: after i
/// examples the format costs L_F0·max(0, 1 − i/n_F) and the capability
/// L_C0·max(0, 1 − i/n_C) nats per example.
struct LinearLearningCurves: Sendable {
    /// L_F0, L_C0 in nats; n_F, n_C in examples.
    var formatStart: Double
    var formatSpan: Double
    var capabilityStart: Double
    var capabilitySpan: Double

    func formatLoss(after i: Int) -> Double { Self.loss(formatStart, formatSpan, i) }
    func capabilityLoss(after i: Int) -> Double { Self.loss(capabilityStart, capabilitySpan, i) }

    static func loss(_ start: Double, _ span: Double, _ i: Int) -> Double {
        start * max(0, 1 - Double(i) / span)
    }

    /// Σ_{i<n} L0·max(0, 1 − i/span) in closed form: the J = min(n, ⌈span⌉)
    /// positive terms sum to L0·(J − J(J − 1)/(2·span)).
    static func cumulative(_ start: Double, _ span: Double, _ n: Int) -> Double {
        let positive = Double(min(n, Int(span.rounded(.up))))
        return start * (positive - positive * (positive - 1) / (2 * span))
    }

    /// One component's exact EDL, MDL and test loss at n, in nats.
    static func component(_ start: Double, _ span: Double, _ n: Int) -> (edl: Double, mdl: Double, loss: Double) {
        let mdl = cumulative(start, span, n)
        let loss = loss(start, span, n)
        return (mdl - Double(n) * loss, mdl, loss)
    }
}
