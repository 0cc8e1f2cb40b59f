import Testing
@testable import RiskDomain

@Suite struct CSVFieldTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("杭州某某有限公司", "杭州某某有限公司"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("line\nbreak", "\"line\nbreak\""),
        ("cr\ronly", "\"cr\ronly\""),
        // One Character: a Character comparison with "\n" or "\r" misses it.
        ("存续\r\n注销", "\"存续\r\n注销\""),
        ("", ""),
        // A quote followed by a combining mark (one Character) is still doubled.
        ("a\"\u{301}b", "\"a\"\"\u{301}b\""),
    ])
    func quotesExactlyTheFieldsThatNeedIt(_ field: String, _ expected: String) {
        #expect(CSVField.escaped(field) == expected)
    }
}
