import EDL
@testable import Lab
@testable import LabTools
import Testing

@Suite("edl verify")
struct VerificationTests {
    /// The fast checks, run once for both tests.
    static let fastRows = Result { try Verification(threads: 2).run(fastOnly: true) }

    @Test("the fast checks of the theory (Docs/Theory.md) pass on the lab's scenarios")
    func fastChecksPass() throws {
        let rows = try Self.fastRows.get()
        #expect(rows.count >= 12)
        for row in rows {
            #expect(row.passed, "\(row.check): \(row.shown?.text ?? "")")
        }
    }

    /// The same comparison with its measured value moved just outside the tolerance.
    func wrong(_ comparison: Verification.Comparison) -> Verification.Comparison {
        switch comparison {
        case .close(let measured, let expected, let tolerance):
            .close(measured: measured + 2 * tolerance + 1e-6 * max(1, abs(expected)), expected: expected, tolerance: tolerance)
        case .atLeast(_, let bound, let tolerance):
            .atLeast(measured: bound - 2 * tolerance - 1e-6 * max(1, abs(bound)), bound: bound, tolerance: tolerance)
        case .atMost(_, let bound, let tolerance):
            .atMost(measured: bound + 2 * tolerance + 1e-6 * max(1, abs(bound)), bound: bound, tolerance: tolerance)
        }
    }

    @Test("every check fails when fed a wrong quantity")
    func checksCanFail() throws {
        for row in try Self.fastRows.get() {
            let shifted = Verification.Row(check: row.check, scenario: row.scenario, comparisons: row.comparisons.map(wrong))
            #expect(!shifted.passed, "\(row.check) did not fail")
            #expect(shifted.comparisons.allSatisfy { !$0.holds })
        }
    }

    @Test("a trace whose excess is shifted fails the expected-area comparison")
    func shiftedTrace() {
        // MDL of 1000 examples at ln 2 + 0.01 against a claimed Σ E L = 1000 ln 2: off by 10 nats.
        var accountant = EDL.PrequentialAccountant()
        for _ in 0..<1000 { accountant.record(codeLength: 0.693_147_180_559_945_3 + 0.01) }
        let comparison = Verification.Comparison.close(measured: accountant.mdl, expected: 1000 * 0.693_147_180_559_945_3, tolerance: 1e-6)
        #expect(!comparison.holds)
    }
}
