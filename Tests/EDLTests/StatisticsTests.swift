import EDL
import Foundation
import Testing

@Suite("Replicate statistics")
struct StatisticsTests {
    @Test("mean, variance and standard error of 1, 2, 3, 4")
    func moments() {
        var moments = RunningMoments()
        for value in [1.0, 2, 3, 4] { moments.add(value) }
        #expect(moments.count == 4)
        #expect(moments.mean == 2.5)
        #expect(abs((moments.variance ?? 0) - 5.0 / 3) < 1e-15)
        let estimate = moments.estimate
        #expect(abs((estimate.standardError ?? 0) - (5.0 / 12).squareRoot()) < 1e-15)
        // 95% interval with t(3) = 3.182446305.
        let interval = estimate.confidenceInterval95
        #expect(abs((interval?.upperBound ?? 0) - (2.5 + 3.182_446_305 * (5.0 / 12).squareRoot())) < 1e-9)
    }

    @Test("merging chunks equals one pass, and one value has no standard error")
    func mergeMatchesSequential() {
        let values = (0..<1000).map { sin(Double($0)) * 3 + 1 }
        var whole = RunningMoments()
        values.forEach { whole.add($0) }
        var merged = RunningMoments()
        for chunk in stride(from: 0, to: values.count, by: 64) {
            var part = RunningMoments()
            values[chunk..<min(chunk + 64, values.count)].forEach { part.add($0) }
            merged.merge(part)
        }
        #expect(merged.count == whole.count)
        #expect(abs(merged.mean - whole.mean) < 1e-14)
        #expect(abs((merged.variance ?? 0) - (whole.variance ?? 0)) < 1e-12)
        var single = RunningMoments()
        single.add(3)
        #expect(single.estimate.standardError == nil)
        #expect(single.estimate.confidenceInterval95 == nil)
    }

    @Test("Student t 0.975 quantiles against tables to 1e-6")
    func studentT() {
        let table: [(Int, Double)] = [
            (1, 12.706_204_736), (2, 4.302_652_730), (10, 2.228_138_852), (30, 2.042_272_456),
            (31, 2.039_513_446), (40, 2.021_075_390), (60, 2.000_297_822), (100, 1.983_971_519),
            (1000, 1.962_339_081),
        ]
        for (df, expected) in table {
            #expect(abs(StudentT.quantile975(degreesOfFreedom: df) - expected) < 1e-6, "df \(df)")
        }
    }

    @Test("bits and nats")
    func units() {
        #expect(abs(InformationUnit.bits.fromNats(log(2)) - 1) < 1e-15)
        #expect(InformationUnit.nats.fromNats(1.5) == 1.5)
        #expect(InformationUnit.bits.suffix == "_bits")
    }

    @Test("a non-finite mean or SE has no 95 % interval (ClosedRange would trap on NaN)")
    func nonFiniteInterval() {
        #expect(Estimate(mean: .nan, count: 2, standardError: 1).confidenceInterval95 == nil)
        #expect(Estimate(mean: 1, count: 2, standardError: .infinity).confidenceInterval95 == nil)
        #expect(Estimate(mean: 1, count: 2, standardError: 0.5).confidenceInterval95 != nil)
    }
}
