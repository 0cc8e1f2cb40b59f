import Testing
import RiskDomain
import RiskStore
@testable import RiskIngest

@Suite("Cells and credit codes")
struct CellParserTests {
    @Test func realCreditCodesPassAndAlteredOnesFail() {
        #expect(CreditCodeKey(validating: "91440300708461136T") != nil)
        #expect(CreditCodeKey(validating: "91440300708461136X") == nil)   // check character changed
        #expect(CreditCodeKey(validating: "91440300708461137T") == nil)   // body changed
        #expect(CreditCodeKey(validating: "91440300708461136t") == nil)   // no case folding
        #expect(CreditCodeKey(validating: "9144030070846113T") == nil)    // 17 characters
        #expect(CreditCodeKey(validating: "91440300708461I36T") == nil)   // I is not in the alphabet
    }

    /// The fast table-driven check agrees with ``CreditCode`` on every one-character change.
    @Test func fastCheckAgreesWithTheDomainRule() {
        let code = Array("91440300708461136T")
        for position in 0..<18 {
            for character in CreditCode.alphabet + ["I", "O", "a"] {
                var changed = code
                changed[position] = character
                let text = String(changed)
                #expect((CreditCodeKey(validating: text) != nil) == CreditCode.isValid(text), "\(text)")
            }
        }
    }

    @Test func leadingAndTrailingDecimalPoints() {
        #expect(CellParser.normalizedDecimal(".5") == "0.5")
        #expect(CellParser.normalizedDecimal("100.") == "100")
        #expect(CellParser.normalizedDecimal("100.%") == "100%")
        #expect(CellParser.normalizedDecimal("12.5") == "12.5")
        #expect(CellParser.normalizedDecimal("1e2") == "1e2")
    }

    /// A point needs a digit beside it: a lone `.` or `.%` was read as 0 (found by review).
    @Test(arguments: [(".", CellType.percent), (".%", .percent), (". %", .percent), (".", .amount), (".万", .amount),
                      (".", .rate), (".%", .rate)])
    func aLonePointIsNoNumber(text: String, type: CellType) {
        guard case .rejected(let reason) = CellParser.parse(text, as: type) else {
            Issue.record("\(text) accepted as \(type)")
            return
        }
        #expect(reason.hasPrefix("expected a"), "\(reason)")
        #expect(CellParser.normalizedDecimal(text) == text)
    }

    @Test(arguments: [
        ("40%", CellType.percent, StoredValue.real(40)), ("10.5 %", .percent, .real(10.5)), (".5", .percent, .real(0.5)),
        ("100.", .percent, .real(100)), ("1,200.5", .amount, .real(1200.5)), ("2亿", .amount, .real(20_000)),
        ("18%", .rate, .real(18)), ("是", .bool, .integer(1)), ("no", .bool, .integer(0)), ("1", .label, .integer(1)),
        ("2,000", .count, .integer(2000)), ("-0.25", .sentiment, .real(-0.25)), ("2020年1月2日", .date, .text("2020-01-02")),
        ("330106", .regionCode, .text("330106")),
    ])
    func acceptedForms(text: String, type: CellType, expected: StoredValue) {
        guard case .value(let value) = CellParser.parse(text, as: type) else { Issue.record("\(text) rejected"); return }
        #expect(value == expected)
    }

    @Test(arguments: [("1e2", CellType.percent), ("abc", .percent), ("100.5", .percent), ("-1", .amount), ("maybe", .bool),
                      ("1.5", .count), ("1.5", .sentiment), ("2020-02-30", .date), ("33010A", .regionCode)])
    func rejectedForms(text: String, type: CellType) {
        let rejected: Bool
        if case .rejected = CellParser.parse(text, as: type) { rejected = true } else { rejected = false }
        #expect(rejected, "\(text) accepted as \(type)")
    }

    @Test func headerAliases() {
        let layout = RecordLayout.layout(for: .shareholdings)
        #expect(layout.columnIndex(forHeader: "统一社会信用代码") == 0)
        #expect(layout.columnIndex(forHeader: "持股比例") == 4)
        #expect(layout.columnIndex(forHeader: "Holder_ID") == 1)
        #expect(layout.columnIndex(forHeader: "extra") == nil)
        let products = RecordLayout.layout(for: .products)
        #expect(products.columnIndex(forHeader: "期限（月）") == 4)
        // Every layout lines up with its table.
        for kind in RecordKind.allCases {
            let layout = RecordLayout.layout(for: kind)
            #expect(layout.columns.map(\.name) == layout.table.columns.filter { $0 != "occurrence" }, "\(kind)")
            #expect(layout.keyIndexes.count == layout.table.keyColumns.filter { $0 != "occurrence" }.count, "\(kind)")
        }
    }
}
