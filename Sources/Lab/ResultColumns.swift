import EDL

/// The numeric columns of a result in one unit: the CSV contract (Docs/Architecture.md, README)
/// plus extras, each named with its unit.
package struct ResultColumns {
    /// A named column; `nil` cells are printed empty.
    struct Column {
        var name: String
        var values: [Double?]
    }

    var columns: [Column]

    init(result: ExperimentResult, unit: InformationUnit) {
        let rows = result.rows
        let u = unit.suffix
        func amount(_ value: Double) -> Double { unit.fromNats(value) }
        func column(_ name: String, _ value: (ResultRow) -> Double?) -> Column {
            Column(name: name, values: rows.map(value))
        }
        columns = []
        for entry in ResultSchema.entries {
            let name = entry.name(unit)
            func converted(_ value: Double?) -> Double? { value.map { entry.unit.convert($0, to: unit) } }
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
            columns.append(Column(name: name, values: extra.values.map { extra.isInformation ? amount($0) : $0 }))
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
        for column in columns {
            for (index, value) in column.values.enumerated() {
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
