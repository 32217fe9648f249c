import EDL

/// Running moments of every measured quantity of ``ResultSchema`` at every
/// grid point, for a group of replicates.
struct ChunkSummary: Sendable {
    var replicates = 0
    /// moments[point · Q + q] for the schema's Q measured quantities (one
    /// array, so a checkpoint makes one array unique).
    private var moments: [RunningMoments]
    private let gridCount: Int
    /// metrics[metric][grid point]
    private var metrics: [[RunningMoments]]
    /// partEDL[part][grid point], partMDL[part][grid point]
    private var partEDL: [[RunningMoments]]
    private var partMDL: [[RunningMoments]]

    init(gridCount: Int, metricCount: Int, partCount: Int) {
        let empty = Array(repeating: RunningMoments(), count: gridCount)
        self.gridCount = gridCount
        moments = Array(repeating: RunningMoments(), count: gridCount * ResultSchema.Measure.count)
        metrics = Array(repeating: empty, count: metricCount)
        partEDL = Array(repeating: empty, count: partCount > 1 ? partCount : 0)
        partMDL = partEDL
    }

    /// Adds one replicate's checkpoint at grid point `index`.
    mutating func add(_ checkpoint: ReplicateCheckpoint, metrics values: [Double?], at index: Int) {
        precondition(index >= 0 && index < gridCount, "grid index out of range")
        moments.withUnsafeMutableBufferPointer { moments in
            ResultSchema.Measure.accumulate(checkpoint, into: moments, at: index * ResultSchema.Measure.count)
        }
        // (Each loop is skipped outright when its array is empty: the empty
        // array's shared storage is never uniquely referenced, so writing
        // through it would reallocate it at every checkpoint.)
        if !metrics.isEmpty {
            for (metric, value) in zip(metrics.indices, values) {
                if let value { metrics[metric][index].add(value) }
            }
        }
        if !partEDL.isEmpty {
            for (part, share) in zip(partEDL.indices, checkpoint.point.parts) {
                partEDL[part][index].add(share.edl)
                partMDL[part][index].add(share.mdl)
            }
        }
    }

    mutating func merge(_ other: ChunkSummary) {
        replicates += other.replicates
        for index in moments.indices { moments[index].merge(other.moments[index]) }
        for index in 0..<gridCount {
            for metric in metrics.indices { metrics[metric][index].merge(other.metrics[metric][index]) }
            for part in partEDL.indices {
                partEDL[part][index].merge(other.partEDL[part][index])
                partMDL[part][index].merge(other.partMDL[part][index])
            }
        }
    }

    /// The aggregate row of grid point `index`.
    func row(at index: Int, grid: [Int], theory: ExpectedCurve?) -> ResultRow {
        let count = ResultSchema.Measure.count
        return ResultRow(
            n: grid[index],
            measured: moments[index * count..<(index + 1) * count].map { $0.count > 0 ? $0.estimate : nil },
            metrics: metrics.map { $0[index].count > 0 ? $0[index].estimate : nil },
            parts: partEDL.indices.map { (partEDL[$0][index].estimate, partMDL[$0][index].estimate) },
            theoryEDL: theory?.edl[index],
            theoryMDL: theory?.mdl?[index],
            theoryTestLoss: theory?.testLoss?[index])
    }

    /// Every grid point's row.
    func rows(grid: [Int], theory: ExpectedCurve?) -> [ResultRow] {
        grid.indices.map { row(at: $0, grid: grid, theory: theory) }
    }
}
