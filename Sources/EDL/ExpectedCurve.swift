/// A closed-form (exact) expected curve at the points of an n-grid.
///
/// All values are in nats. Optional companions are `nil` where the theory
/// gives only E[EDL].
public struct ExpectedCurve: Sendable, Equatable {
    /// The grid points n, ascending.
    public var n: [Int]
    /// E[EDL(n)], in nats.
    public var edl: [Double]
    /// E[MDL(n)], in nats, if known.
    public var mdl: [Double]?
    /// E[L_test(θ_n)], in nats per example, if known.
    public var testLoss: [Double]?
    /// Further theory columns of the scenario (an approximation, an expected
    /// coverage …), one value per grid point each.
    public var extras: [Column] = []

    /// A named theory column.
    public struct Column: Sendable, Equatable {
        /// The column stem, e.g. `approx_edl`; information columns get the
        /// unit suffix when printed.
        public var name: String
        /// One value per grid point (nats for information).
        public var values: [Double]
        /// Whether the values are information (converted to bits or nats).
        public var isInformation: Bool

        /// Creates a column.
        public init(name: String, values: [Double], isInformation: Bool) {
            self.name = name
            self.values = values
            self.isInformation = isInformation
        }
    }

    /// Creates a curve; all arrays must have one value per grid point.
    public init(n: [Int], edl: [Double], mdl: [Double]? = nil, testLoss: [Double]? = nil) {
        precondition(edl.count == n.count, "one expected EDL per grid point")
        precondition(mdl.map { $0.count == n.count } ?? true, "one expected MDL per grid point")
        precondition(testLoss.map { $0.count == n.count } ?? true, "one expected test loss per grid point")
        self.n = n
        self.edl = edl
        self.mdl = mdl
        self.testLoss = testLoss
    }
}
