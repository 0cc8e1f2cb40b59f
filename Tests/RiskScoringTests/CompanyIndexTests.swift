import Testing
import GRDB
@testable import RiskScoring

/// The company index: positions by code for the whole store (a dictionary) and for a watch
/// list's neighbourhood (codes ascend; searched by bisection), also after two halves merge.
@Suite struct CompanyIndexTests {
    @Test func positionsByCodeWholeAndPartialAndMerged() throws {
        let f = try ScoringFixture()
        let codes = (60...69).map { ScoringFixture.code($0) }
        for (i, code) in codes.enumerated() { try f.company(code, "公司\(i)") }
        let sorted = codes.sorted()
        let missing = ScoringFixture.code(70)
        try f.database.writer.read { db in
            let whole = try CompanyIndex.load(db)
            #expect(!whole.isPartial)
            for (i, code) in sorted.enumerated() { #expect(whole.position(of: code) == i) }
            #expect(whole.position(of: missing) == nil)

            // A partial index of every other company (and one code that is not stored).
            let some = Array(sorted.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
            let partial = try CompanyIndex.load(db, codes: some + [missing])
            #expect(partial.isPartial && partial.codes == some)
            for (i, code) in some.enumerated() { #expect(partial.position(of: code) == i) }
            for code in sorted where !some.contains(code) { #expect(partial.position(of: code) == nil) }
            #expect(partial.position(of: missing) == nil && partial.position(of: "") == nil)

            // Two halves in order stay searchable; out of order they are keyed by dictionary.
            var merged = try CompanyIndex.load(db, codes: sorted[..<4])
            merged.append(contentsOf: try CompanyIndex.load(db, codes: sorted[4...]))
            #expect(merged.codes == sorted)
            for (i, code) in sorted.enumerated() { #expect(merged.position(of: code) == i) }
            var swapped = try CompanyIndex.load(db, codes: sorted[4...])
            swapped.append(contentsOf: try CompanyIndex.load(db, codes: sorted[..<4]))
            for (i, code) in swapped.codes.enumerated() { #expect(swapped.position(of: code) == i) }
            #expect(swapped.position(of: missing) == nil)
        }
    }
}
