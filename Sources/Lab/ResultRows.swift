import EDL

/// The rows of an ``ExperimentResult``, one per grid point in grid order,
/// made from the replicates' running moments when read rather than kept: a
/// dense grid's rows (arrays of estimates, ~0.7 KiB per point) are never all
/// held at once. Reading a row twice builds it twice, the same both times.
public struct ResultRows: RandomAccessCollection, Sendable, Equatable {
    private let summary: ChunkSummary
    private let grid: [Int]
    private let theory: ExpectedCurve?

    init(summary: ChunkSummary, grid: [Int], theory: ExpectedCurve?) {
        self.summary = summary
        self.grid = grid
        self.theory = theory
    }

    /// 0.
    public var startIndex: Int { 0 }
    /// The number of grid points.
    public var endIndex: Int { grid.count }

    /// The row of grid point `position`.
    public subscript(position: Int) -> ResultRow {
        precondition(position >= 0 && position < grid.count, "row index out of range")
        return summary.row(at: position, grid: grid, theory: theory)
    }

    /// Whether both hold the same rows, value for value.
    public static func == (left: ResultRows, right: ResultRows) -> Bool {
        left.elementsEqual(right)
    }
}
