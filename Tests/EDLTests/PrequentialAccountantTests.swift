import EDL
import Foundation
import Testing

@Suite("PrequentialAccountant")
struct PrequentialAccountantTests {
    @Test("certain examples (0 nats), one by one or in batches, leave the same state as recording 0, bit for bit",
          arguments: [1, 3])
    func certainExampleEqualsZeroCodeLength(parts: Int) {
        var recorded = PrequentialAccountant(partCount: parts, bestLoss: 0.1)
        var skipped = PrequentialAccountant(partCount: parts, bestLoss: 0.1)
        var batched = PrequentialAccountant(partCount: parts, bestLoss: 0.1)
        var pending = 0  // certain examples of batchedPart not yet recorded
        var batchedPart = 0
        for index in 0..<5000 {
            let length = index % 7 == 0 ? 0.1 * Double(index % 13) + 1e-9 : 0
            let part = (index / 11) % parts
            recorded.withScope(firstPart: part) { $0.record(codeLength: length) }
            skipped.withScope(firstPart: part) {
                if length == 0 { $0.recordCertainExamples() } else { $0.record(codeLength: length) }
            }
            if part != batchedPart {
                batched.withScope(firstPart: batchedPart) { $0.recordCertainExamples(pending) }
                pending = 0
                batchedPart = part
            }
            if length == 0 {
                pending += 1
            } else {
                batched.withScope(firstPart: part) { $0.record(codeLength: length) }
            }
        }
        batched.withScope(firstPart: batchedPart) { $0.recordCertainExamples(pending) }
        let losses = Array(repeating: 0.01 / Double(parts), count: parts)
        let c = batched.checkpoint(testLossByPart: losses)
        let a = recorded.checkpoint(testLossByPart: losses)
        let b = skipped.checkpoint(testLossByPart: losses)
        #expect(a.n == b.n && a.scoredTokens == b.scoredTokens)
        #expect(a.mdl.bitPattern == b.mdl.bitPattern && a.edl.bitPattern == b.edl.bitPattern)
        #expect(a.sdl?.bitPattern == b.sdl?.bitPattern)
        #expect(a.parts.map(\.edl.bitPattern) == b.parts.map(\.edl.bitPattern))
        #expect(a.parts.map(\.scoredTokens) == b.parts.map(\.scoredTokens))
        #expect(a.n == c.n && a.scoredTokens == c.scoredTokens)
        #expect(a.mdl.bitPattern == c.mdl.bitPattern && a.edl.bitPattern == c.edl.bitPattern)
        #expect(a.parts.map(\.edl.bitPattern) == c.parts.map(\.edl.bitPattern))
        #expect(a.parts.map(\.scoredTokens) == c.parts.map(\.scoredTokens))
    }

    @Test("a hand-computed trace: MDL, EDL, EDL/n, EDL/MDL and SDL")
    func handTrace() {
        var accountant = PrequentialAccountant(bestLoss: 0.25)
        let first = accountant.checkpoint(testLoss: 0.75)
        #expect(first.n == 0 && first.mdl == 0 && first.edl == 0)
        for length in [1.0, 2.0, 0.5] { accountant.record(codeLength: length) }
        let point = accountant.checkpoint(testLoss: 0.5)
        #expect(point.n == 3)
        #expect(point.scoredTokens == 3)
        #expect(point.mdl == 3.5)
        #expect(point.edl == 2)  // 3.5 − 3·0.5
        #expect(abs(point.edlPerExample - 2.0 / 3) < 1e-15)
        #expect(abs((point.edlOverMDL ?? 0) - 4.0 / 7) < 1e-15)
        #expect(point.sdl == 2.75)  // 3.5 − 3·0.25
        // Overfitting (test loss above the average code length) makes EDL negative.
        #expect(accountant.checkpoint(testLoss: 2).edl == -2.5)
    }

    @Test("n = 10^7 losses of ≈ ln 2 with a tiny known excess: EDL recovered to 1e-9 relative")
    func precisionAtLargeN() {
        let n = 10_000_000
        let ln2 = log(2.0)
        let step = 0x1p-32  // ln 2 + j·2^-32 is exact in a Double for j < 5
        var accountant = PrequentialAccountant()
        var naive = 0.0
        var excessUnits = 0
        for i in 0..<n {
            let j = i % 5
            excessUnits += j
            let length = ln2 + Double(j) * step
            accountant.record(codeLength: length)
            naive += length
        }
        let exactExcess = Double(excessUnits) * step  // 2·10^7 · 2^-32 ≈ 4.66e-3 nats
        let point = accountant.checkpoint(testLoss: ln2)
        #expect(abs(point.edl - exactExcess) <= 1e-9 * exactExcess)
        // The same trace summed naively misses that tolerance by orders of
        // magnitude: the test can tell compensated from plain summation.
        let naiveEDL = naive - Double(n) * ln2
        #expect(abs(naiveEDL - exactExcess) > 1e-6 * exactExcess)
    }

    @Test("per-part splits sum to the totals")
    func partsSumToTotal() {
        var accountant = PrequentialAccountant(partCount: 2)
        // Three examples: format token (part 0) then answer token (part 1).
        for (format, answer) in [(0.7, 2.3), (0.1, 2.0), (0.05, 1.1)] {
            accountant.recordToken(codeLength: format, part: 0)
            accountant.recordToken(codeLength: answer, part: 1)
            accountant.completeExample()
        }
        let point = accountant.checkpoint(testLossByPart: [0.01, 0.9])
        #expect(point.n == 3 && point.scoredTokens == 6)
        #expect(point.parts.count == 2)
        #expect(abs(point.parts[0].edl - (0.85 - 0.03)) < 1e-14)
        #expect(abs(point.parts[1].edl - (5.4 - 2.7)) < 1e-14)
        #expect(abs(point.parts.map(\.edl).reduce(0, +) - point.edl) < 1e-14)
        #expect(abs(point.parts.map(\.mdl).reduce(0, +) - point.mdl) < 1e-14)
        #expect(abs(point.edl - (6.25 - 3 * 0.91)) < 1e-14)
        #expect(abs(point.edlPerToken - point.edl / 6) < 1e-15)
    }
}

@Suite("CompensatedSum")
struct CompensatedSumTests {
    @Test("keeps the rounding errors of each addition")
    func keepsErrors() {
        var sum = CompensatedSum()
        sum.add(1)
        for _ in 0..<1000 { sum.add(1e-17) }
        sum.add(-1)
        #expect(abs(sum.value - 1e-14) < 1e-24)  // a plain sum gives 0
    }

    @Test("running sums subtract to the sum of the terms between them (10^6 terms of ≈ 14, 2 ulp)")
    func runningSumsSubtract() {
        // Running sums of log(j + 0.5), as the Dirichlet learners' shared table keeps them.
        // From a start near the end (the leading parts within 2× of each
        // other: their difference is exact, the errors carry the digits) and
        // from one near the beginning (the leading parts' difference rounds).
        for first in [999_000, 37] {
            var running = CompensatedSum()
            var atFirst = CompensatedSum()
            var between = CompensatedSum()
            for j in 0..<1_000_000 {
                if j == first { atFirst = running }
                let term = log(Double(j) + 0.5)
                running.add(term)
                if j >= first { between.add(term) }
            }
            let difference = running.subtracting(atFirst).value
            #expect(abs(difference - between.value) <= 2 * between.value.ulp, "from \(first): \(difference) against \(between.value)")
        }
    }

    @Test("difference with an exact product: (2^53 + 2)·1 − 2^53·1 = 2")
    func exactDifference() {
        var sum = CompensatedSum()
        sum.add(0x1p53)
        sum.add(1)
        sum.add(1)
        #expect(sum.difference(subtractingProductOf: 0x1p53, and: 1) == 2)
        // 3·0.1 is not exactly 0.3 in doubles; the product error is kept.
        var tenths = CompensatedSum()
        for _ in 0..<3 { tenths.add(0.1) }
        #expect(abs(tenths.difference(subtractingProductOf: 3, and: 0.1)) < 1e-30)
    }

    @Test("scopes nest: a component records into its own parts 0, 1, … wherever its scope begins")
    func nestedScopes() {
        // Parts: c1 | c2_format, c2_answer | c3_c1, c3_c2 (a nested mixture).
        var accountant = PrequentialAccountant(partCount: 5)
        accountant.withScope(firstPart: 0) { $0.record(codeLength: 1) }
        accountant.withScope(firstPart: 1) { books in
            books.recordToken(codeLength: 0.25, part: 0)
            books.withScope(firstPart: 1) { $0.record(codeLength: 2) }  // the answer token ends the example
        }
        accountant.withScope(firstPart: 3) { mixture in
            mixture.withScope(firstPart: 0) { $0.record(codeLength: 4) }
            mixture.withScope(firstPart: 1) { $0.record(codeLength: 8) }
        }
        accountant.record(codeLength: 16)  // back at the top: part 0
        let point = accountant.checkpoint(testLossByPart: [0, 0, 0, 0, 0])
        #expect(point.parts.map(\.mdl) == [17, 0.25, 2, 4, 8])
        #expect(point.parts.map(\.scoredTokens) == [2, 1, 1, 1, 1])
        #expect(point.n == 5 && point.mdl == 31.25)
    }
}
