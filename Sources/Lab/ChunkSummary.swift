import EDL

/// Running moments of every reported quantity at every grid point, for a
/// group of replicates.
struct ChunkSummary: Sendable {
    var replicates = 0
    private var mdl: [RunningMoments]
    private var testLoss: [RunningMoments]
    private var edl: [RunningMoments]
    private var sdl: [RunningMoments]
    private var parameterCount: [RunningMoments]

    init(gridCount: Int, tracksSDL: Bool) {
        let empty = Array(repeating: RunningMoments(), count: gridCount)
        mdl = empty
        testLoss = empty
        edl = empty
        sdl = tracksSDL ? empty : []
        parameterCount = empty
    }

    mutating func add(_ point: TrajectoryPoint, parameterCount count: Int, at index: Int) {
        mdl[index].add(point.mdl)
        testLoss[index].add(point.testLoss)
        edl[index].add(point.edl)
        if let value = point.sdl, !sdl.isEmpty { sdl[index].add(value) }
        parameterCount[index].add(Double(count))
    }

    mutating func merge(_ other: ChunkSummary) {
        replicates += other.replicates
        for index in mdl.indices {
            mdl[index].merge(other.mdl[index])
            testLoss[index].merge(other.testLoss[index])
            edl[index].merge(other.edl[index])
            if !sdl.isEmpty { sdl[index].merge(other.sdl[index]) }
            parameterCount[index].merge(other.parameterCount[index])
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
                parameterCount: parameterCount[index].estimate,
                theoryEDL: theory?.edl[index],
                theoryMDL: theory?.mdl?[index],
                theoryTestLoss: theory?.testLoss?[index])
        }
    }
}
