import Foundation
import Testing
import RiskTestSupport
@testable import RiskSynth

@Suite struct CSVFileWriterTests {
    @Test func quotesOnlyFieldsThatNeedIt() throws {
        let directory = try TemporaryDirectory(prefix: "riskbrain-synth")
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("t.csv").path
        let writer = try CSVFileWriter(path: path, header: ["a", "b", "c", "d"])
        writer.field("甲,乙"); writer.field("say \"hi\""); writer.field("line\nbreak"); writer.field("plain")
        try writer.endRow()
        writer.field(hundredths: 1250); writer.field(hundredths: 3333); writer.field(day: LocalDateFixture.day); writer.empty()
        try writer.endRow()
        try writer.close()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "a,b,c,d\n\"甲,乙\",\"say \"\"hi\"\"\",\"line\nbreak\",plain\n12.5,33.33,2026-06-30,\n")
        #expect(writer.rows == 2)
        #expect(writer.bytes == text.utf8.count)
    }

    @Test func splitSharesNeverExceedsOneHundredPercent() {
        var random = SplitMix64(seed: 3)
        for _ in 0..<2_000 {
            for count in 1...5 {
                let shares = SyntheticDataGenerator.splitShares(count: count, random: &random)
                #expect(shares.count == count)
                #expect(shares.allSatisfy { $0 > 0 })
                #expect(shares.reduce(0, +) <= 10_000)
            }
        }
    }
}

enum LocalDateFixture {
    /// 2026-06-30 as a day number.
    static let day = SynthOptions.defaultAsOf.dayNumber
}
