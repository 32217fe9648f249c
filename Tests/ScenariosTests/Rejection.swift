@testable import Scenarios
import Testing

/// Expects that building `scenario` with `assignments` fails with a one-line
/// ``ScenarioError`` whose text contains `message`.
func expectRejection(
    _ scenario: String, _ assignments: [(String, String)], mentioning message: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        _ = try ScenarioRegistry.make(scenario, learner: nil, assignments: assignments.map { (name: $0.0, value: $0.1) })
        Issue.record("accepted \(assignments)", sourceLocation: sourceLocation)
    } catch let error as ScenarioError {
        #expect(error.description.contains(message), "\(error.description)", sourceLocation: sourceLocation)
        #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
    }
}
