import EDL

/// Running moments of every reported quantity at every grid point, for a
/// group of replicates.
struct ChunkSummary: Sendable {
    var replicates = 0
    /// The scalar quantities' moments, one entry per grid point (one array,
    /// so a checkpoint makes one array unique, not nine).
    private var points: [PointMoments]
    private let tracksSDL: Bool
    /// metrics[metric][grid point]
    private var metrics: [[RunningMoments]]
    /// partEDL[part][grid point], partMDL[part][grid point]
    private var partEDL: [[RunningMoments]]
    private var partMDL: [[RunningMoments]]

    /// The moments of every scalar quantity at one grid point.
    private struct PointMoments: Sendable {
        var mdl = RunningMoments()
        var testLoss = RunningMoments()
        var edl = RunningMoments()
        var sdl = RunningMoments()
        var generalizationGain = RunningMoments()
        var parameterCount = RunningMoments()
        var scoredTokens = RunningMoments()
        var edlPerToken = RunningMoments()
        var edlPerParameter = RunningMoments()
        /// The regret split, from replicates that report a training code length.
        var trainingLoss = RunningMoments()
        var regret = RunningMoments()
        var generalizationGap = RunningMoments()

        mutating func merge(_ other: PointMoments, tracksSDL: Bool) {
            mdl.merge(other.mdl)
            testLoss.merge(other.testLoss)
            edl.merge(other.edl)
            if tracksSDL { sdl.merge(other.sdl) }
            generalizationGain.merge(other.generalizationGain)
            parameterCount.merge(other.parameterCount)
            scoredTokens.merge(other.scoredTokens)
            edlPerToken.merge(other.edlPerToken)
            edlPerParameter.merge(other.edlPerParameter)
            if other.trainingLoss.count > 0 {
                trainingLoss.merge(other.trainingLoss)
                regret.merge(other.regret)
                generalizationGap.merge(other.generalizationGap)
            }
        }
    }

    init(gridCount: Int, tracksSDL: Bool, metricCount: Int, partCount: Int) {
        let empty = Array(repeating: RunningMoments(), count: gridCount)
        points = Array(repeating: PointMoments(), count: gridCount)
        self.tracksSDL = tracksSDL
        metrics = Array(repeating: empty, count: metricCount)
        partEDL = Array(repeating: empty, count: partCount > 1 ? partCount : 0)
        partMDL = partEDL
    }

    /// Adds one replicate's checkpoint at grid point `index`.
    /// - Parameter initialLoss: L(θ₀), nats per example, for the generalisation gain.
    mutating func add(
        _ point: TrajectoryPoint, initialLoss: Double, parameterCount count: Int, metrics values: [Double?],
        at index: Int
    ) {
        let tracksSDL = self.tracksSDL
        points.withUnsafeMutableBufferPointer { points in
            precondition(index >= 0 && index < points.count, "grid index out of range")
            points[index].mdl.add(point.mdl)
            points[index].testLoss.add(point.testLoss)
            points[index].edl.add(point.edl)
            if let value = point.sdl, tracksSDL { points[index].sdl.add(value) }
            points[index].generalizationGain.add(initialLoss - point.testLoss)
            points[index].parameterCount.add(Double(count))
            points[index].scoredTokens.add(Double(point.scoredTokens))
            points[index].edlPerToken.add(point.edlPerToken)
            if count > 0 { points[index].edlPerParameter.add(point.edl / Double(count)) }
            if let training = point.trainingCodeLength, let regret = point.regret, let gap = point.generalizationGap {
                points[index].trainingLoss.add(point.n > 0 ? training / Double(point.n) : 0)
                points[index].regret.add(regret)
                points[index].generalizationGap.add(gap)
            }
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
            for (part, share) in zip(partEDL.indices, point.parts) {
                partEDL[part][index].add(share.edl)
                partMDL[part][index].add(share.mdl)
            }
        }
    }

    mutating func merge(_ other: ChunkSummary) {
        replicates += other.replicates
        for index in points.indices {
            points[index].merge(other.points[index], tracksSDL: tracksSDL)
            for metric in metrics.indices { metrics[metric][index].merge(other.metrics[metric][index]) }
            for part in partEDL.indices {
                partEDL[part][index].merge(other.partEDL[part][index])
                partMDL[part][index].merge(other.partMDL[part][index])
            }
        }
    }

    func rows(grid: [Int], theory: ExpectedCurve?) -> [ResultRow] {
        grid.indices.map { index in
            let point = points[index]
            return ResultRow(
                n: grid[index],
                mdl: point.mdl.estimate,
                testLoss: point.testLoss.estimate,
                edl: point.edl.estimate,
                sdl: tracksSDL ? point.sdl.estimate : nil,
                generalizationGain: point.generalizationGain.estimate,
                parameterCount: point.parameterCount.estimate,
                scoredTokens: point.scoredTokens.estimate,
                edlPerToken: point.edlPerToken.estimate,
                edlPerParameter: point.edlPerParameter.count > 0 ? point.edlPerParameter.estimate : nil,
                trainingLoss: point.trainingLoss.count > 0 ? point.trainingLoss.estimate : nil,
                regret: point.regret.count > 0 ? point.regret.estimate : nil,
                generalizationGap: point.generalizationGap.count > 0 ? point.generalizationGap.estimate : nil,
                metrics: metrics.map { $0[index].count > 0 ? $0[index].estimate : nil },
                parts: partEDL.indices.map { (partEDL[$0][index].estimate, partMDL[$0][index].estimate) },
                theoryEDL: theory?.edl[index],
                theoryMDL: theory?.mdl?[index],
                theoryTestLoss: theory?.testLoss?[index])
        }
    }
}
