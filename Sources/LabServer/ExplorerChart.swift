import Charts
import EDL
import Foundation
import Lab

/// The explorer's line charts, drawn by the lab's chart code from computed
/// configurations (the first is the current one; more are pinned for
/// comparison and drawn after it).
public enum ExplorerChart: String, Sendable, CaseIterable, Codable {
    /// EDL/n against n, ±2 SE band, the exact expectation dashed, peaks marked.
    case edl
    /// MDL and n·L_test against n: EDL is the gap between them.
    case mdl
    /// The regret split: EDL = regret + the generalisation-gap term.
    case regret
    /// One trajectory's area picture with the expected curve (the current configuration only).
    case area

    /// The chart of `runs` (named for the legend), as an SVG document.
    /// - Throws: ``LabError`` when a configuration lacks the columns (e.g. a learner without a training loss).
    func lineChart(_ runs: [(name: String, computed: ExplorerService.Computed)], width: Double, height: Double) throws -> String {
        guard let first = runs.first else { throw LabError("no configuration to draw") }
        let unit = first.computed.unit
        let u = unit.suffix
        var tables: [(name: String, table: ResultTable)] = []
        for run in runs {
            var table = try ResultTable(result: run.computed.result, unit: run.computed.unit)
            if self == .mdl, let n = table.columns["n"], let loss = table.columns["test_loss\(u)"] {
                table.columns["n_test_loss\(u)"] = zip(n, loss).map { pair in pair.0.flatMap { n in pair.1.map { n * $0 } } }
                if let error = table.columns["test_loss\(u)_se"] {
                    table.columns["n_test_loss\(u)_se"] = zip(n, error).map { pair in pair.0.flatMap { n in pair.1.map { n * $0 } } }
                }
                table.names += ["n_test_loss\(u)", "n_test_loss\(u)_se"]
            }
            tables.append((run.name, table))
        }
        var request = ChartRequest()
        let configuration = first.computed.result.configuration
        switch self {
        case .edl:
            request.y = ["edl_per_sample\(u)"]
            request.markPeaks = true
            request.title = "\(configuration.scenario), learner \(configuration.learner): EDL/n against n"
        case .mdl:
            request.y = ["mdl\(u)", "n_test_loss\(u)"]
            request.title = "MDL and n·L_test against n (EDL is the gap)"
        case .regret:
            request.y = ["regret\(u)", "generalization_gap\(u)", "edl\(u)"]
            request.title = "The regret split: EDL = regret + n·(L_train − L_test)"
        case .area:
            throw LabError("the area picture is not a line chart")
        }
        let chart = try request.chart(tables)
        return chart.svg(width: width, height: height)
    }
}
