@testable import Scenarios
import Testing

@Suite("Parameters and registry")
struct ParameterTests {
    @Test("values are parsed, range-checked and named in errors")
    func parsing() throws {
        let spec = ParameterSpec(name: "k", help: "labels", kind: .integer(2...10), defaultValue: .integer(2))
        #expect(try spec.parse("7") == .integer(7))
        #expect(throws: ScenarioError.invalidValue(parameter: "k", value: "1", accepted: "an integer in 2...10")) {
            try spec.parse("1")
        }
        #expect(throws: ScenarioError.self) { try spec.parse("abc") }
        #expect(throws: ScenarioError.self) { try spec.parse("2.5") }
        let real = ParameterSpec(
            name: "alpha", help: "", kind: .real(lower: 0, upper: 1, lowerOpen: true, upperOpen: false),
            defaultValue: .real(0.5))
        #expect(try real.parse("1") == .real(1))
        #expect(throws: ScenarioError.self) { try real.parse("0") }
        #expect(throws: ScenarioError.self) { try real.parse("nan") }
        #expect(throws: ScenarioError.self) { try real.parse("inf") }
    }

    @Test("the registry builds a scenario with defaults and rejects unknown names")
    func registry() throws {
        let scenario = try ScenarioRegistry.make("random-labels", learner: nil, assignments: [("k", "4")])
        #expect(scenario.configuration.learner == "kt")
        #expect(scenario.configuration.parameters.integer("k") == 4)
        #expect(scenario.configuration.parameters.integer("inputs") == 0)
        #expect(scenario.configuration.worldText == "random-labels|inputs=0,k=4")
        #expect(throws: ScenarioError.self) { try ScenarioRegistry.make("nope", learner: nil, assignments: []) }
        #expect(throws: ScenarioError.self) {
            try ScenarioRegistry.make("random-labels", learner: "nope", assignments: [])
        }
        #expect(throws: ScenarioError.self) {
            try ScenarioRegistry.make("random-labels", learner: "kt", assignments: [("alpha", "1")])
        }
        let memoriser = try ScenarioRegistry.make(
            "random-labels", learner: "memoriser", assignments: [("alpha", "2")])
        #expect(memoriser.configuration.learnerParameters.real("alpha") == 2)
    }

    @Test("every scenario's defaults are accepted by its own parameter specs")
    func defaultsAreValid() throws {
        for type in ScenarioRegistry.all {
            for spec in type.parameters + type.learners.flatMap(\.parameters) {
                try spec.validate(spec.defaultValue)
            }
        }
    }
}

@Suite("Pseudo-counts that cannot be computed")
struct SubnormalAlphaTests {
    @Test("alpha below 1e-300 (subnormal: ln Γ and the smoothed logarithms overflow) is refused by name", arguments: [
        ("random-labels", "memoriser"), ("coupon-collector", "dirichlet"), ("format-capability", "dirichlet"),
    ])
    func refused(scenario: String, learner: String) throws {
        #expect(throws: ScenarioError.self) {
            try ScenarioRegistry.make(scenario, learner: learner, assignments: [("alpha", "1e-310")])
        }
        do { _ = try ScenarioRegistry.make(scenario, learner: learner, assignments: [("alpha", "1e-310")]) } catch {
            #expect("\(error)".contains("'alpha': expected a number in [1e-300, 1000000.0]"), "\(error)")
        }
        _ = try ScenarioRegistry.make(scenario, learner: learner, assignments: [("alpha", "1e-300")])
    }
}
