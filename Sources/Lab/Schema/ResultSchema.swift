import EDL

/// The lab's results schema as data: every quantity reported at a
/// checkpoint, in the order of the CSV columns, with its column stem, unit
/// kind, label, and how it is computed. The replicate aggregation
/// (``ChunkSummary``), the rows (``ResultRow``), the CSV, JSON and table
/// output (``ResultColumns``) and the chart labels (``ChartRequest``) all
/// read this one list; adding a quantity is adding one entry.
///
/// Columns that depend on the scenario (per-part shares, theory extras and
/// metrics) follow these, named by the scenario.
package enum ResultSchema {
    /// One entry: a column (and its `_se` column) and where its values come from.
    package struct Entry: Sendable {
        /// The column stem, e.g. `edl_per_sample`; the unit suffix follows it.
        package var stem: String
        /// Text after the unit suffix, e.g. `_ci95_low`.
        package var qualifier = ""
        /// What kind of number it is.
        package var unit: QuantityUnit
        /// The axis label without its unit, e.g. `EDL/n`.
        package var label: String
        /// Where the values come from.
        package var source: Source
        /// Whether the CSV has a `<name>_se` column beside it (mean ± SE entries only).
        package var reportsStandardError = true

        /// Where an entry's values come from.
        package enum Source: Sendable {
            /// Measured on every replicate at the checkpoint (nil where the
            /// learner does not report it), aggregated into mean ± SE.
            case measured(Measure)
            /// Derived from the aggregated row as a mean ± SE (such as EDL/n).
            case estimate(@Sendable (ResultRow) -> Estimate?)
            /// One number derived from the aggregated row (theory, an interval end, a ratio).
            case value(@Sendable (ResultRow) -> Double?)
        }

        /// The column's name in `unit`.
        package func name(_ unit: InformationUnit) -> String { stem + self.unit.suffix(unit) + qualifier }
    }

    /// The quantities measured on every replicate at every checkpoint, and
    /// how each is read from one replicate's checkpoint. A `switch` rather
    /// than a stored closure per quantity: the aggregation runs it for every
    /// replicate at every checkpoint (400 000 times in the KT benchmark), and
    /// the closures cost 1.6× that whole run.
    package enum Measure: Int, CaseIterable, Sendable {
        case mdl, testLoss, edl, sdl, generalizationGain, parameterCount, scoredTokens, edlPerToken
        case edlPerParameter, trainingLoss, regret, generalizationGap

        /// The number of cases.
        package static let count = allCases.count

        /// Adds every measured quantity of `checkpoint` to its slot of
        /// `moments` (slot `base + rawValue`). One line per case, each a
        /// constant case whose `switch` folds away: the straight-line code
        /// the runner had before the schema (a loop over the cases cost 3 %
        /// more instructions in the checkpoint-bound KT workload). A test
        /// checks that every case has its line.
        @inline(__always)
        static func accumulate(
            _ checkpoint: borrowing ReplicateCheckpoint, into moments: UnsafeMutableBufferPointer<RunningMoments>,
            at base: Int
        ) {
            @inline(__always)
            func add(_ measure: Measure) {
                if let value = measure.value(of: checkpoint) { moments[base + measure.rawValue].add(value) }
            }
            add(.mdl)
            add(.testLoss)
            add(.edl)
            add(.sdl)
            add(.generalizationGain)
            add(.parameterCount)
            add(.scoredTokens)
            add(.edlPerToken)
            add(.edlPerParameter)
            add(.trainingLoss)
            add(.regret)
            add(.generalizationGap)
        }

        /// The value at `checkpoint`, in nats (or a count); nil where the
        /// learner or scenario does not report it.
        @inline(__always)
        package func value(of checkpoint: borrowing ReplicateCheckpoint) -> Double? {
            switch self {
            case .mdl: return checkpoint.point.mdl
            case .testLoss: return checkpoint.point.testLoss
            case .edl: return checkpoint.point.edl
            case .sdl: return checkpoint.point.sdl
            case .generalizationGain: return checkpoint.initialLoss - checkpoint.point.testLoss
            case .parameterCount: return Double(checkpoint.parameterCount)
            case .scoredTokens: return Double(checkpoint.point.scoredTokens)
            case .edlPerToken: return checkpoint.point.edlPerToken
            case .edlPerParameter:
                return checkpoint.parameterCount > 0 ? checkpoint.point.edl / Double(checkpoint.parameterCount) : nil
            case .trainingLoss:
                let n = checkpoint.point.n
                return checkpoint.point.trainingCodeLength.map { n > 0 ? $0 / Double(n) : 0 }
            case .regret: return checkpoint.point.regret
            case .generalizationGap: return checkpoint.point.generalizationGap
            }
        }
    }

    /// Every entry, in CSV column order.
    package static let entries: [Entry] = {
        func measured(
            _ stem: String, _ unit: QuantityUnit, _ label: String, standardError: Bool = true, _ measure: Measure
        ) -> Entry {
            Entry(stem: stem, unit: unit, label: label, source: .measured(measure), reportsStandardError: standardError)
        }
        func estimate(_ stem: String, _ unit: QuantityUnit, _ label: String, _ value: @escaping @Sendable (ResultRow) -> Estimate?) -> Entry {
            Entry(stem: stem, unit: unit, label: label, source: .estimate(value))
        }
        func value(
            _ stem: String, qualifier: String = "", _ unit: QuantityUnit, _ label: String,
            _ value: @escaping @Sendable (ResultRow) -> Double?
        ) -> Entry {
            Entry(stem: stem, qualifier: qualifier, unit: unit, label: label, source: .value(value), reportsStandardError: false)
        }
        return [
            value("n", .count, "n (training examples)") { Double($0.n) },
            value("replicates", .count, "replicates") { Double($0.edl.count) },
            measured("mdl", .information, "MDL", .mdl),
            measured("test_loss", .informationPerExample, "test loss", .testLoss),
            measured("edl", .information, "EDL", .edl),
            estimate("edl_per_sample", .informationPerExample, "EDL/n") { $0.edlPerSample },
            value("theory_edl", .information, "theory EDL") { $0.theoryEDL },
            value("edl", qualifier: "_ci95_low", .information, "EDL, 95 % interval low") { $0.edlInterval95?.lowerBound },
            value("edl", qualifier: "_ci95_high", .information, "EDL, 95 % interval high") { $0.edlInterval95?.upperBound },
            value("edl_over_mdl", .ratio, "EDL/MDL") { $0.edlOverMDL },
            measured("sdl", .information, "SDL", .sdl),
            value("theory_edl_per_sample", .informationPerExample, "theory EDL/n") { row in
                row.theoryEDL.map { $0 / Double(row.n) }
            },
            value("theory_mdl", .information, "theory MDL") { $0.theoryMDL },
            value("theory_test_loss", .informationPerExample, "theory test loss") { $0.theoryTestLoss },
            measured("generalization_gain", .informationPerExample, "generalisation gain", .generalizationGain),
            measured("parameter_count", .count, "trainable parameters P", standardError: false, .parameterCount),
            measured("scored_tokens", .count, "scored tokens D", standardError: false, .scoredTokens),
            measured("edl_per_token", .informationPerToken, "EDL/D", .edlPerToken),
            measured("edl_per_param", .informationPerParameter, "EDL/P", .edlPerParameter),
            measured("train_loss", .informationPerExample, "training loss", .trainingLoss),
            measured("regret", .information, "regret", .regret),
            measured("generalization_gap", .information, "generalisation gap", .generalizationGap),
            value("edl_degenerate", .ratio, "every replicate gave the same EDL (1) or not (0)") { $0.isDegenerate ? 1 : 0 },
        ]
    }()

    /// The entry whose column is `name` in either unit, if any.
    package static func entry(named name: String) -> (entry: Entry, unit: InformationUnit)? {
        for entry in entries {
            for unit in InformationUnit.allCases where entry.name(unit) == name { return (entry, unit) }
        }
        return nil
    }
}
