import Foundation
import Synchronization

/// Precomputed logarithms of smoothed integer counts for a Dirichlet(α)
/// learner with k labels: log(c + α), log1p(1/(c + α)), log(N + kα) and
/// log1p(1/(N + kα)) for counts below ``size``.
///
/// Each entry is computed with exactly the expression the learner would
/// otherwise evaluate per example, so a lookup returns the same bits; a
/// count beyond the table falls back to that expression. One table per
/// (α, k) is shared by every learner in the process (built once, read-only),
/// so replicates pay nothing for it.
@usableFromInline
final class SmoothedLogTable: Sendable {
    /// The number of counts covered (0..<size).
    @usableFromInline static let size = 4096

    /// log(c + α).
    @usableFromInline let logCount: [Double]
    /// log1p(1/(c + α)): the change of log(c + α) when c grows by one.
    @usableFromInline let logStep: [Double]
    /// log(N + kα).
    @usableFromInline let logTotal: [Double]
    /// log1p(1/(N + kα)): the change of log(N + kα) when N grows by one.
    @usableFromInline let logTotalStep: [Double]

    private init(labelCount: Int, concentration α: Double) {
        logCount = (0..<Self.size).map { log(Double($0) + α) }
        logStep = (0..<Self.size).map { log1p(1 / (Double($0) + α)) }
        logTotal = (0..<Self.size).map { log(Double($0) + Double(labelCount) * α) }
        logTotalStep = (0..<Self.size).map { log1p(1 / (Double($0) + Double(labelCount) * α)) }
    }

    private struct Key: Hashable {
        let labelCount: Int
        let concentrationBits: UInt64
    }

    private static let cache = Mutex<[Key: SmoothedLogTable]>([:])

    /// The shared table for k = `labelCount` and α = `concentration`.
    @usableFromInline
    static func shared(labelCount: Int, concentration: Double) -> SmoothedLogTable {
        let key = Key(labelCount: labelCount, concentrationBits: concentration.bitPattern)
        return cache.withLock { tables in
            if let table = tables[key] { return table }
            let table = SmoothedLogTable(labelCount: labelCount, concentration: concentration)
            tables[key] = table
            return table
        }
    }
}
