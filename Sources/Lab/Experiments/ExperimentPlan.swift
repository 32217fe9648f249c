import GSL
import Foundation
import Scenarios

/// What an experiment file (or a command line) asks for: a scenario and
/// learner, parameter values (several values make a grid axis), the n-grid,
/// replicates, seed, units and output.
public struct ExperimentPlan: Sendable {
    /// The scenario's registered name.
    public var scenario: String
    /// The learner, or `nil` for the scenario's default.
    public var learner: String?
    /// Parameter values in order; a parameter with several values is a grid axis.
    public var parameters: [(name: String, values: [String])] = []
    /// The n-grid text.
    public var grid = "1...1000:log20"
    /// Replicates per cell.
    public var replicates = 200
    /// The master seed.
    public var seed: UInt64 = 1
    /// `bits` or `nats`.
    public var units = "bits"
    /// `csv`, `json` or `table` (single runs).
    public var format: String?
    /// A file (single runs) or a folder (sweeps).
    public var output: String?
    /// The GSL generator.
    public var generator = RandomGeneratorKind.standard.rawValue
    /// Where each parameter came from (file and line), for error messages.
    var origins: [String: String] = [:]
    /// How `edl reproduce` draws the file (ignored by run and sweep).
    public var figure = FigureSettings()
    /// The n at which `edl capacity` reads capacity (`read_at`; default: the grid's largest n).
    public var readAt: Int?

    /// Figure settings of a paper experiment file.
    public struct FigureSettings: Sendable {
        /// The chart title.
        public var title: String?
        /// A short reading of what the figure shows.
        public var caption: String?
        /// The columns on the vertical axis (one series per cell and column).
        public var y = ["edl_per_sample_bits"]
        /// n is divided by this on the horizontal axis (e.g. K for n/K).
        public var xScale = 1.0
        /// The horizontal axis label when n is scaled.
        public var xLabel: String?
        /// Ring each series' largest value.
        public var markPeak = false
        /// Draw one trajectory's area picture instead of curves.
        public var area = false
        /// A logarithmic vertical axis (curves of very different heights).
        public var logY = false
        /// Draw the capacity signature (``CapacityStudy``) instead of curves.
        public var capacity = false
    }

    /// Creates a plan for `scenario` with defaults.
    public init(scenario: String) {
        self.scenario = scenario
    }

    /// The keys an experiment file may have at the top level.
    public static let topLevelKeys = [
        "scenario", "learner", "n", "replicates", "seed", "units", "format", "output", "generator",
        "title", "caption", "y", "x_scale", "x_label", "mark_peak", "area", "log_y", "capacity", "read_at",
    ]

    /// Reads an experiment file.
    /// - Throws: ``LabError`` naming the file, line, key and reason.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LabError("cannot read experiment file '\(path)': no such file or not readable")
        }
        try self.init(data: data, source: path)
    }

    /// Reads an experiment file's bytes; `source` names it in messages.
    /// - Throws: ``LabError`` as ``init(contentsOf:)`` does.
    package init(data: Data, source path: String) throws {
        guard let text = String(validating: data, as: UTF8.self) else {
            throw LabError("\(path): not UTF-8 text (TOML files are UTF-8)")
        }
        let document = try TOMLDocument(parsing: text, source: path)
        func fail(_ key: String, _ line: Int, _ reason: String) -> LabError {
            LabError("\(path)\(line > 0 ? ":\(line)" : ""): \(key): \(reason)")
        }
        func string(_ key: String) throws -> String? {
            guard let entry = document[key] else { return nil }
            guard case .string(let text) = entry.value else {
                throw fail(key, entry.line, "expected a string, got \(entry.value.typeName)")
            }
            return text
        }
        func integer(_ key: String, minimum: Int) throws -> Int? {
            guard let entry = document[key] else { return nil }
            guard case .integer(let value) = entry.value else {
                throw fail(key, entry.line, "expected an integer, got \(entry.value.typeName)")
            }
            guard value >= minimum else { throw fail(key, entry.line, "expected an integer of at least \(minimum), got \(value)") }
            return value
        }
        for (key, entry) in document.entries where !key.hasPrefix("parameters.") {
            guard Self.topLevelKeys.contains(key) else {
                throw fail(key, entry.line, "unknown key; accepted: \(Self.topLevelKeys.joined(separator: ", ")) and a [parameters] table")
            }
        }
        guard let scenario = try string("scenario") else {
            throw LabError("\(path): missing key 'scenario' (a scenario name, see edl list)")
        }
        self.init(scenario: scenario)
        learner = try string("learner")
        if let entry = document["n"] {
            switch entry.value {
            case .string(let text): grid = text
            case .array(let values) where values.allSatisfy({ if case .integer = $0 { true } else { false } }):
                grid = values.map(\.commandLineText).joined(separator: ",")
            default: throw fail("n", entry.line, "expected a grid string like \"1...1000:log20\" or an array of integers")
            }
        }
        replicates = try integer("replicates", minimum: 1) ?? replicates
        if let value = try integer("seed", minimum: 0) { seed = UInt64(value) }
        readAt = try integer("read_at", minimum: 1)
        units = try string("units") ?? units
        format = try string("format")
        output = try string("output")
        generator = try string("generator") ?? generator
        figure.title = try string("title")
        figure.caption = try string("caption")
        if let entry = document["y"] {
            switch entry.value {
            case .string(let column): figure.y = [column]
            case .array(let items) where !items.isEmpty && items.allSatisfy({ if case .string = $0 { true } else { false } }):
                figure.y = items.map(\.commandLineText)
            default: throw fail("y", entry.line, "expected a column name or an array of column names")
            }
        }
        figure.xLabel = try string("x_label")
        if let entry = document["x_scale"] {
            switch entry.value {
            case .integer(let value) where value > 0: figure.xScale = Double(value)
            case .real(let value) where value > 0: figure.xScale = value
            default: throw fail("x_scale", entry.line, "expected a positive number")
            }
        }
        let flags = [
            ("mark_peak", \FigureSettings.markPeak), ("area", \FigureSettings.area), ("log_y", \FigureSettings.logY),
            ("capacity", \FigureSettings.capacity),
        ]
        for (key, flag) in flags {
            guard let entry = document[key] else { continue }
            guard case .boolean(let value) = entry.value else {
                throw fail(key, entry.line, "expected true or false, got \(entry.value.typeName)")
            }
            figure[keyPath: flag] = value
        }
        for (key, entry) in document.entries where key.hasPrefix("parameters.") {
            let name = String(key.dropFirst("parameters.".count))
            let values: [String]
            if case .array(let items) = entry.value {
                guard !items.isEmpty else { throw fail(key, entry.line, "an axis needs at least one value") }
                if let nested = items.first(where: { if case .array = $0 { true } else { false } }) {
                    throw fail(key, entry.line, "axis values must be strings, numbers or booleans, got \(nested.typeName)")
                }
                values = items.map(\.commandLineText)
            } else {
                values = [entry.value.commandLineText]
            }
            parameters.append((name, values))
            origins[name] = entry.line > 0 ? "\(path):\(entry.line)" : path
        }
    }

    /// Applies command-line `--set` assignments: a value replaces the file's,
    /// and in a sweep a comma-separated list makes an axis (except for
    /// parameters whose values are themselves lists, such as `weights`).
    public mutating func apply(assignments: [(name: String, value: String)], splittingLists: Bool) throws {
        for (name, value) in assignments {
            var values = [value]
            if splittingLists, value.contains(","), !(try Self.isListValued(name, scenario: scenario)) {
                values = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
            if let index = parameters.firstIndex(where: { $0.name == name }) {
                parameters[index].values = values
            } else {
                parameters.append((name, values))
            }
            origins[name] = "--set \(name)"
        }
    }

    /// Whether a parameter's single value is itself a comma-separated list
    /// (free-text parameters such as `weights` and `components`).
    static func isListValued(_ name: String, scenario: String) throws -> Bool {
        func isText(_ key: String, in types: [any Scenario.Type]) -> Bool {
            types.contains { type in
                (type.parameters + type.learners.flatMap(\.parameters)).contains { spec in
                    guard spec.name == key, case .text = spec.kind else { return false }
                    return true
                }
            }
        }
        // A component's key (`c1.weights`, `c2.c1.components`) belongs to whichever scenario the
        // component is; it is list-valued if it is a text parameter of any registered scenario.
        let segments = name.split(separator: ".")
        let prefixes = segments.prefix { $0.first == "c" && Int($0.dropFirst()) != nil }.count
        if prefixes > 0, prefixes < segments.count {
            return isText(segments[prefixes...].joined(separator: "."), in: ScenarioRegistry.all)
        }
        return isText(name, in: [try ScenarioRegistry.scenario(named: scenario)])
    }

    /// The parameters with more than one value.
    public var axes: [(name: String, values: [String])] { parameters.filter { $0.values.count > 1 } }

    /// Every combination of parameter values, axes varying fastest last, as
    /// `--set` assignments (the learner as `learner` when an axis names it).
    public var cells: [[(name: String, value: String)]] {
        var combinations: [[(name: String, value: String)]] = [[]]
        for (name, values) in parameters {
            combinations = combinations.flatMap { prefix in values.map { prefix + [(name, $0)] } }
        }
        return combinations
    }

    /// Where a parameter was set, for error messages.
    func origin(of name: String) -> String? { origins[name] }
}

extension ExperimentPlan {
    /// Builds the scenario of one cell; an error names where the offending
    /// parameter was set (file and line, or `--set`).
    public func makeScenario(cell: [(name: String, value: String)]) throws -> any Scenario {
        do {
            return try ScenarioRegistry.make(scenario, learner: cell.last { $0.name == "learner" }?.value ?? learner,
                assignments: cell.filter { $0.name != "learner" })
        } catch let error as ScenarioError {
            var parameter: String?
            switch error {
            case .invalidValue(let name, _, _): parameter = name
            case .unknownParameter(let name, _, _, _, _): parameter = name
            default: parameter = nil
            }
            if let parameter, let origin = origin(of: parameter) {
                throw LabError("\(origin): \(error.description)")
            }
            throw error
        }
    }
}

extension ExperimentPlan {
    /// Rebuilds the plan of a sweep from its folder's `sweep.json`.
    /// - Throws: ``LabError`` if the file is missing or malformed.
    public init(sweepFolder folder: String) throws {
        let manifest = try SweepManifest.read(folder: folder)
        self.init(scenario: manifest.scenario)
        learner = manifest.learner.isEmpty ? nil : manifest.learner
        grid = manifest.grid
        replicates = manifest.replicates
        seed = manifest.seed
        units = manifest.units
        if let stored = manifest.generator { generator = stored }
        let cells = manifest.cells
        // Values per parameter in order of first appearance reproduce the cell order.
        for cell in cells {
            let parameters = cell.parameters
            let names = parameters.keys.sorted()
            for name in names {
                guard let value = parameters[name] else { continue }
                if let index = self.parameters.firstIndex(where: { $0.name == name }) {
                    if !self.parameters[index].values.contains(value) { self.parameters[index].values.append(value) }
                } else {
                    self.parameters.append((name, [value]))
                }
            }
        }
        // Restore the order of the parameters as the first cell lists them.
        if let first = cells.first?.order {
            self.parameters.sort { (first.firstIndex(of: $0.name) ?? 0) < (first.firstIndex(of: $1.name) ?? 0) }
        }
    }
}
