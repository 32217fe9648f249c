import EDL

/// Running moments of every reported quantity at every grid point, for a
/// group of replicates.
struct ChunkSummary: Sendable {
    var replicates = 0
    private var mdl: [RunningMoments]
    private var testLoss: [RunningMoments]
    private var edl: [RunningMoments]
    private var sdl: [RunningMoments]
    private var generalizationGain: [RunningMoments]
    private var parameterCount: [RunningMoments]
    private var scoredTokens: [RunningMoments]
    private var edlPerToken: [RunningMoments]
    private var edlPerParameter: [RunningMoments]
    /// metrics[metric][grid point]
    private var metrics: [[RunningMoments]]
    /// partEDL[part][grid point], partMDL[part][grid point]
    private var partEDL: [[RunningMoments]]
    private var partMDL: [[RunningMoments]]

    init(gridCount: Int, tracksSDL: Bool, metricCount: Int, partCount: Int) {
        let empty = Array(repeating: RunningMoments(), count: gridCount)
        mdl = empty
        testLoss = empty
        edl = empty
        sdl = tracksSDL ? empty : []
        generalizationGain = empty
        parameterCount = empty
        scoredTokens = empty
        edlPerToken = empty
        edlPerParameter = empty
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
        mdl[index].add(point.mdl)
        testLoss[index].add(point.testLoss)
        edl[index].add(point.edl)
        if let value = point.sdl, !sdl.isEmpty { sdl[index].add(value) }
        generalizationGain[index].add(initialLoss - point.testLoss)
        parameterCount[index].add(Double(count))
        scoredTokens[index].add(Double(point.scoredTokens))
        edlPerToken[index].add(point.edlPerToken)
        if count > 0 { edlPerParameter[index].add(point.edl / Double(count)) }
        for (metric, value) in zip(metrics.indices, values) {
            if let value { metrics[metric][index].add(value) }
        }
        for (part, share) in zip(partEDL.indices, point.parts) {
            partEDL[part][index].add(share.edl)
            partMDL[part][index].add(share.mdl)
        }
    }

    mutating func merge(_ other: ChunkSummary) {
        replicates += other.replicates
        for index in mdl.indices {
            mdl[index].merge(other.mdl[index])
            testLoss[index].merge(other.testLoss[index])
            edl[index].merge(other.edl[index])
            if !sdl.isEmpty { sdl[index].merge(other.sdl[index]) }
            generalizationGain[index].merge(other.generalizationGain[index])
            parameterCount[index].merge(other.parameterCount[index])
            scoredTokens[index].merge(other.scoredTokens[index])
            edlPerToken[index].merge(other.edlPerToken[index])
            edlPerParameter[index].merge(other.edlPerParameter[index])
            for metric in metrics.indices { metrics[metric][index].merge(other.metrics[metric][index]) }
            for part in partEDL.indices {
                partEDL[part][index].merge(other.partEDL[part][index])
                partMDL[part][index].merge(other.partMDL[part][index])
            }
        }
    }

    func rows(grid: [Int], theory: ExpectedCurve?) -> [ResultRow] {
        grid.indices.map { index in
            ResultRow(
                n: grid[index],
                mdl: mdl[index].estimate,
                testLoss: testLoss[index].estimate,
                edl: edl[index].estimate,
                sdl: sdl.isEmpty ? nil : sdl[index].estimate,
                generalizationGain: generalizationGain[index].estimate,
                parameterCount: parameterCount[index].estimate,
                scoredTokens: scoredTokens[index].estimate,
                edlPerToken: edlPerToken[index].estimate,
                edlPerParameter: edlPerParameter[index].count > 0 ? edlPerParameter[index].estimate : nil,
                metrics: metrics.map { $0[index].count > 0 ? $0[index].estimate : nil },
                parts: partEDL.indices.map { (partEDL[$0][index].estimate, partMDL[$0][index].estimate) },
                theoryEDL: theory?.edl[index],
                theoryMDL: theory?.mdl?[index],
                theoryTestLoss: theory?.testLoss?[index])
        }
    }
}
