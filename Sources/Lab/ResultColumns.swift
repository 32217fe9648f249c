import EDL

/// The numeric columns of a result in one unit: the CSV contract (Docs/Architecture.md, README)
/// plus extras, each named with its unit.
package struct ResultColumns {
    /// A named column; `nil` cells are printed empty. Cells are computed
    /// from the rows when read, not kept (a dense grid's columns would
    /// otherwise hold ~0.5 KiB per grid point).
    struct Column {
        var name: String
        /// The cell of a row, given the row and its index.
        var value: (_ row: ResultRow, _ index: Int) -> Double?
    }

    var columns: [Column]
    private let rows: ResultRows
    /// The number of rows.
    var rowCount: Int { rows.count }

    /// Every cell of row `index`, in column order (the row is built once).
    func cells(_ index: Int) -> [Double?] {
        let row = rows[index]
        return columns.map { $0.value(row, index) }
    }

    init(result: ExperimentResult, unit: InformationUnit) {
        rows = result.rows
        let u = unit.suffix
        let amount: (Double) -> Double = { unit.fromNats($0) }
        func column(_ name: String, _ value: @escaping (ResultRow) -> Double?) -> Column {
            Column(name: name, value: { row, _ in value(row) })
        }
        columns = []
        for entry in ResultSchema.entries {
            let name = entry.name(unit)
            let converted: (Double?) -> Double? = { value in value.map { entry.unit.convert($0, to: unit) } }
            switch entry.source {
            case .measured(let measure):
                columns.append(column(name) { converted($0[measure]?.mean) })
                if entry.reportsStandardError {
                    columns.append(column(name + "_se") { converted($0[measure]?.standardError) })
                }
            case .estimate(let estimate):
                columns.append(column(name) { converted(estimate($0)?.mean) })
                if entry.reportsStandardError {
                    columns.append(column(name + "_se") { converted(estimate($0)?.standardError) })
                }
            case .value(let value):
                columns.append(column(name) { converted(value($0)) })
            }
        }
        for (index, part) in result.partNames.enumerated() {
            columns.append(column("edl_" + part + u) { amount($0.parts[index].edl.mean) })
            columns.append(column("edl_" + part + u + "_se") { $0.parts[index].edl.standardError.map(amount) })
            columns.append(column("mdl_" + part + u) { amount($0.parts[index].mdl.mean) })
            columns.append(column("mdl_" + part + u + "_se") { $0.parts[index].mdl.standardError.map(amount) })
        }
        for extra in result.theory?.extras ?? [] {
            let name = extra.name + (extra.isInformation ? u : "")
            let values = extra.values
            let isInformation = extra.isInformation
            columns.append(Column(name: name, value: { _, index in isInformation ? amount(values[index]) : values[index] }))
        }
        for (index, metric) in result.metrics.enumerated() {
            let name = metric.name + (metric.isInformation ? u : "")
            let convert: (Double) -> Double = metric.isInformation ? amount : { $0 }
            columns.append(column(name) { $0.metrics[index].map { convert($0.mean) } })
            columns.append(column(name + "_se") { $0.metrics[index]?.standardError.map(convert) })
        }
    }

    /// Checks that no cell is NaN or infinite.
    /// - Throws: ``LabError`` naming the column and row.
    func checkFinite(grid: [Int]) throws {
        for index in 0..<rowCount {
            for (column, value) in zip(columns, cells(index)) {
                if let value, !value.isFinite {
                    throw LabError("internal error: \(column.name) at n = \(grid[index]) is \(value); nothing was written")
                }
            }
        }
    }

    /// A number as written in CSV and JSON: the shortest text that reads
    /// back to the same `Double`, with integers written without a fraction
    /// and −0 written as 0.
    package static func text(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
