import Testing
import RiskStore
@testable import RiskIngest

@Suite("Row hashes")
struct RowHasherTests {
    static func hash(_ values: [StoredValue]) -> UInt64 {
        var hasher = RowHasher()
        for value in values { hasher.add(value) }
        return hasher.value
    }

    static func hash(bytes: [[UInt8]]) -> UInt64 {
        var hasher = RowHasher()
        for value in bytes { value.withUnsafeBufferPointer { hasher.add(bytes: $0) } }
        return hasher.value
    }

    /// Rows a careless hash confuses: value boundaries moved, null against empty text, a
    /// number against its text, a trailing zero byte, a value split at a word boundary.
    @Test func rowsThatDifferHashDifferently() {
        let rows: [[StoredValue]] = [
            [.text("ab"), .text("c")], [.text("a"), .text("bc")], [.text("abc")], [.text("abc"), .null], [.text("abc"), .text("")],
            [.null], [.text("")], [], [.integer(1)], [.text("1")], [.real(1)], [.integer(0)], [.real(0)], [.null, .null],
            [.text("abcdefgh")], [.text("abcdefg")], [.text("abcdefgh"), .text("i")], [.text("abcdefghi")],
            [.text("abc\u{0}")], [.text("人83651")], [.text("人83652")],
        ]
        let hashes = rows.map(Self.hash)
        #expect(Set(hashes).count == rows.count)
        #expect(Self.hash(bytes: [Array("ab".utf8), Array("c".utf8)]) != Self.hash(bytes: [Array("a".utf8), Array("bc".utf8)]))
    }

    /// Two bytes' top bits flipped eight bytes apart: a plain xor-multiply over words
    /// (no rotation) carries a top-bit difference only in the top bit and cancels it with
    /// the second; these must still differ.
    @Test func topBitDifferencesInTwoWordsDoNotCancel() {
        let base = [UInt8](repeating: 0x41, count: 24)
        var changed = base
        changed[7] ^= 0x80
        changed[15] ^= 0x80
        #expect(Self.hash(bytes: [base]) != Self.hash(bytes: [changed]))
    }

    /// No collision among 200,000 near-identical rows (one counter in a fixed text, as
    /// generated ids are): a weak mix of the words shows up here.
    @Test func nearIdenticalRowsDoNotCollide() {
        var seen = Set<UInt64>()
        for index in 0..<200_000 {
            seen.insert(Self.hash([.text("91330106MA2B\(index)"), .text("杭州某某科技有限公司"), .real(Double(index % 100))]))
        }
        #expect(seen.count == 200_000)
    }

    /// The hash is a function of the values only (the standard library's `Hasher` is
    /// seeded per process; this must not be): two hashers agree, and adding changes it.
    @Test func sameValuesSameHash() {
        let row: [StoredValue] = [.text("913301060000000000"), .real(37.5), .null]
        #expect(Self.hash(row) == Self.hash(row))
        #expect(Self.hash(row) != Self.hash(row + [.null]))
    }
}
