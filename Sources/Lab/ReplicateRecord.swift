/// One replicate's checkpoints, kept so that replicates run on different
/// threads can be added to a ``ChunkSummary`` in replicate order afterwards:
/// the same additions in the same order as a chunk run on one thread, so the
/// same bits.
struct ReplicateRecord: CheckpointSink, @unchecked Sendable {
    /// (checkpoint, metric values, grid index), in the order they were made.
    private var entries: [(checkpoint: ReplicateCheckpoint, metrics: [Double?], index: Int)] = []

    /// A record with room for `checkpoints` entries.
    init(checkpoints: Int) { entries.reserveCapacity(checkpoints) }

    /// The bytes one entry holds, about (its metrics and parts arrays included).
    static let bytesPerCheckpoint = MemoryLayout<(ReplicateCheckpoint, [Double?], Int)>.stride + 160

    mutating func add(_ checkpoint: ReplicateCheckpoint, metrics values: [Double?], at index: Int) {
        entries.append((checkpoint, values, index))
    }

    /// Adds every kept checkpoint to `summary`, in order, and counts the replicate.
    func replay(into summary: inout ChunkSummary) {
        for entry in entries { summary.add(entry.checkpoint, metrics: entry.metrics, at: entry.index) }
        summary.replicates += 1
    }
}

/// Where a replicate's checkpoints go: straight into a chunk's moments, or
/// into a record to be added later.
protocol CheckpointSink {
    /// Takes one replicate's checkpoint at grid point `index`.
    mutating func add(_ checkpoint: ReplicateCheckpoint, metrics values: [Double?], at index: Int)
}

extension ChunkSummary: CheckpointSink {}
