import Testing
import RiskDomain
@testable import RiskIngest

@Suite("Credit-code table")
struct CreditCodeTableTests {
    /// `count` distinct valid credit codes, built deterministically: region and
    /// organisation digits from the index, the check character computed.
    static func codes(_ count: Int) -> [CreditCodeKey] {
        (0..<count).map { index in
            let body = "91" + String(format: "%06d", 110_000 + index % 700) + String(format: "%09d", index)
            let code = body + String(CreditCode.checkCharacter(for: body)!)
            return CreditCodeKey(validating: code)!
        }
    }

    @Test func storedKeysAreFoundAndOthersAreNot() {
        let keys = Self.codes(20_000)
        var table = CreditCodeTable()
        for key in keys[..<10_000] { table.insertStored(key) }
        for key in keys[..<10_000] { table.insertStored(key) }   // again: no second entry
        #expect(table.count == 10_000)
        #expect(keys[..<10_000].allSatisfy { table.contains($0) })
        #expect(!keys[10_000...].contains { table.contains($0) })
    }

    @Test func aRepeatInTheSameFileReturnsTheFirstRow() {
        let keys = Self.codes(3)
        var table = CreditCodeTable(expectedCount: 2)
        #expect(table.note(keys[0], row: 11, line: 2, file: 0) == .first)
        #expect(table.note(keys[1], row: 12, line: 3, file: 0) == .first)
        #expect(table.note(keys[0], row: 99, line: 4, file: 0) == .repeated(row: 11, line: 2, file: 0))
        #expect(table.note(keys[1], row: 12, line: 5, file: 0) == .repeated(row: 12, line: 3, file: 0))
        #expect(table.contains(keys[0]) && table.contains(keys[1]) && !table.contains(keys[2]))
    }

    /// A company stored before the import is no duplicate of the import's first row of it:
    /// the row is noted (an update). A key an earlier companies file of the import gave is
    /// not new to the next file: its row is compared with the earlier one, which it never
    /// replaces (it did, and the second file silently overwrote the first's company) (found
    /// by review).
    @Test func aKeyFromTheDatabaseIsNewButOneFromAnEarlierFileIsNot() {
        let keys = Self.codes(2)
        var table = CreditCodeTable()
        table.insertStored(keys[0])
        #expect(table.note(keys[0], row: 7, line: 2, file: 0) == .first)
        #expect(table.note(keys[0], row: 8, line: 9, file: 0) == .repeated(row: 7, line: 2, file: 0))
        #expect(table.note(keys[0], row: 8, line: 3, file: 1) == .repeated(row: 7, line: 2, file: 0))
        #expect(table.note(keys[1], row: 5, line: 2, file: 1) == .first)
        #expect(table.note(keys[1], row: 5, line: 6, file: 3) == .repeated(row: 5, line: 2, file: 1))
        #expect(table.count == 2)
    }

    /// Growing rehashes every entry with its row: all are still found after many doublings.
    @Test func growingKeepsEveryEntry() {
        let keys = Self.codes(50_000)
        var table = CreditCodeTable()
        for (index, key) in keys.enumerated() { #expect(table.note(key, row: UInt64(index), line: index + 2, file: 0) == .first) }
        #expect(table.count == keys.count)
        for (index, key) in keys.enumerated() where index % 97 == 0 {
            #expect(table.note(key, row: 0, line: 0, file: 0) == .repeated(row: UInt64(index), line: index + 2, file: 0))
        }
    }
}
