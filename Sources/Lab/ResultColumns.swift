import EDL

/// The numeric columns of a result in one unit: the CSV contract of DESIGN.md
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
        columns = [
            column("n") { Double($0.n) },
            column("replicates") { Double($0.edl.count) },
            column("mdl" + u) { amount($0.mdl.mean) },
            column("mdl" + u + "_se") { $0.mdl.standardError.map(amount) },
            column("test_loss" + u) { amount($0.testLoss.mean) },
            column("test_loss" + u + "_se") { $0.testLoss.standardError.map(amount) },
            column("edl" + u) { amount($0.edl.mean) },
            column("edl" + u + "_se") { $0.edl.standardError.map(amount) },
            column("edl_per_sample" + u) { amount($0.edlPerSample.mean) },
            column("edl_per_sample" + u + "_se") { $0.edlPerSample.standardError.map(amount) },
            column("theory_edl" + u) { $0.theoryEDL.map(amount) },
            column("edl" + u + "_ci95_low") { $0.edl.confidenceInterval95.map { amount($0.lowerBound) } },
            column("edl" + u + "_ci95_high") { $0.edl.confidenceInterval95.map { amount($0.upperBound) } },
            column("edl_over_mdl") { $0.edlOverMDL },
            column("sdl" + u) { $0.sdl.map { amount($0.mean) } },
            column("sdl" + u + "_se") { $0.sdl?.standardError.map(amount) },
            column("theory_edl_per_sample" + u) { row in row.theoryEDL.map { amount($0 / Double(row.n)) } },
            column("theory_mdl" + u) { $0.theoryMDL.map(amount) },
            column("theory_test_loss" + u) { $0.theoryTestLoss.map(amount) },
            column("generalization_gain" + u) { amount($0.generalizationGain.mean) },
            column("generalization_gain" + u + "_se") { $0.generalizationGain.standardError.map(amount) },
            column("parameter_count") { $0.parameterCount.mean },
            column("scored_tokens") { $0.scoredTokens.mean },
            column("edl_per_token" + u) { amount($0.edlPerToken.mean) },
            column("edl_per_token" + u + "_se") { $0.edlPerToken.standardError.map(amount) },
            column("edl_per_param" + u) { $0.edlPerParameter.map { amount($0.mean) } },
            column("edl_per_param" + u + "_se") { $0.edlPerParameter?.standardError.map(amount) },
            column("train_loss" + u) { $0.trainingLoss.map { amount($0.mean) } },
            column("train_loss" + u + "_se") { $0.trainingLoss?.standardError.map(amount) },
            column("regret" + u) { $0.regret.map { amount($0.mean) } },
            column("regret" + u + "_se") { $0.regret?.standardError.map(amount) },
            column("generalization_gap" + u) { $0.generalizationGap.map { amount($0.mean) } },
            column("generalization_gap" + u + "_se") { $0.generalizationGap?.standardError.map(amount) },
        ]
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
