import Foundation
import GSL
import Testing

@Suite("SpecialFunctions")
struct SpecialFunctionsTests {
    @Test("values agree with known closed forms to 1e-13 relative")
    func knownValues() throws {
        let cases: [(String, Double, Double)] = [
            ("lnΓ(1/2) = ln √π", try SpecialFunctions.logGamma(0.5), 0.5 * log(Double.pi)),
            ("lnΓ(10) = ln 9!", try SpecialFunctions.logGamma(10), log(362_880)),
            ("lnΓ(1) = 0", try SpecialFunctions.logGamma(1), 0),
            ("lnΓ(-0.5) = ln(2√π)", try SpecialFunctions.logGamma(-0.5), log(2 * Double.pi.squareRoot())),
            ("ln C(10, 3) = ln 120", try SpecialFunctions.logChoose(10, 3), log(120)),
            ("ln C(52, 5) = ln 2598960", try SpecialFunctions.logChoose(52, 5), log(2_598_960)),
            ("ln C(7, 0) = 0", try SpecialFunctions.logChoose(7, 0), 0),
            ("ln B(2, 3) = ln 1/12", try SpecialFunctions.logBeta(2, 3), log(1.0 / 12)),
            ("ln(1 + 1e-10)", try SpecialFunctions.logOnePlus(1e-10), 1e-10 - 5e-21),
            ("ψ(1) = −γ", try SpecialFunctions.digamma(1), -0.577_215_664_901_532_9),
        ]
        for (name, value, expected) in cases {
            #expect(abs(value - expected) <= 1e-13 * max(1, abs(expected)), "\(name): \(value) vs \(expected)")
        }
    }

    @Test("ln C(1000, 500) agrees with ln Γ sums to 1e-12 relative")
    func largeChoose() throws {
        let value = try SpecialFunctions.logChoose(1000, 500)
        let expected = lgamma(1001.0) - 2 * lgamma(501.0)
        #expect(abs(value - expected) < 1e-12 * expected)
    }

    @Test("out-of-range input throws a GSLError instead of aborting or returning 0")
    func outOfRangeThrows() {
        // Plain gsl_sf_lngamma(-1) would return 0 with the handler off, or abort with it on.
        #expect(throws: GSLError.self) { try SpecialFunctions.logGamma(-1) }
        #expect(throws: GSLError.self) { try SpecialFunctions.logGamma(0) }
        #expect(throws: GSLError.self) { try SpecialFunctions.logChoose(3, 5) }
        #expect(throws: GSLError.self) { try SpecialFunctions.logChoose(-1, 0) }
        #expect(throws: GSLError.self) { try SpecialFunctions.logBeta(-1, 2) }
        #expect(throws: GSLError.self) { try SpecialFunctions.logOnePlus(-2) }
        #expect(throws: GSLError.self) { try SpecialFunctions.digamma(-2) }
    }

    @Test("the error names the function and GSL's reason")
    func errorText() {
        do {
            _ = try SpecialFunctions.logGamma(-1)
            Issue.record("logGamma(-1) returned")
        } catch let error as GSLError {
            #expect(error.description.contains("logGamma(-1.0)"))
            #expect(error.description.contains("domain"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
