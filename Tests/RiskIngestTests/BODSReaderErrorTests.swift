import Foundation
import Testing
import RiskTestSupport
@testable import RiskIngest

@Suite("Ingest: BODS file errors")
struct BODSReaderErrorTests {
    func error(_ text: String) -> String {
        do {
            _ = try BODSReader.read(data: Data(text.utf8), sourceName: "x.json")
        } catch {
            return String(describing: error)
        }
        Issue.record("the file was read")
        return ""
    }

    /// Broken JSON was reported as "invalid JSON (The operation could not be completed. The
    /// data is not in the correct format.)", with no place.
    @Test func syntaxErrorNamesLineAndColumn() {
        #expect(error("[\n  {\"名称\": 1},\n  {\"a\": tru}\n]")
            == "x.json:3:12: not a BODS 0.4 statement array: invalid JSON (Invalid value around character 30.)")
        #expect(error("[{\"recordId\": \"a\"}")
            == "x.json:1:19: not a BODS 0.4 statement array: invalid JSON (Unexpected end of file during JSON parse.)")
    }

    /// Four syntax errors lost their place (found by fuzzing): a control character (its
    /// message names "character" twice), a bad `\u` escape ("… at 4."), a number too large and
    /// a lone low surrogate (no offset in the message: found in the text).
    @Test func everySyntaxErrorNamesItsPlace() {
        func place(_ text: String) -> String { String(error(text).prefix { $0 != " " }) }
        #expect(place("[\n  \"a\tb\"]") == "x.json:2:5:")
        #expect(place("[\"\\uZZZZ\"]") == "x.json:1:5:")
        #expect(place("[1,\n 1e309]") == "x.json:2:2:")
        #expect(place("[\"ok\", \"\\ud800\\udc00\", \"\\udc00\"]") == "x.json:1:25:")
        #expect(BODSReader.loneSurrogate(in: Array("\\ud83d\\ude00 \\u0041".utf8), high: false) == nil)
        #expect(BODSReader.loneSurrogate(in: Array("\\ud83d\\ude00 \\u0041".utf8), high: true) == nil)
        // A high surrogate with no low one: at it, not at the end of the file; a number too
        // large: the number, not the same text inside a string (found by review).
        #expect(place("[\n  \"a\\ud800x\",\n  1\n]") == "x.json:2:5:")
        #expect(place("[{\"note\": \"1e400\",\n  \"n\": 1e400}]") == "x.json:2:8:")
    }

    @Test func invalidUTF8NamesItsPlace() throws {
        var bytes = Array("[\n  \"ab".utf8)
        bytes += [0xFF] + Array("\"]".utf8)
        do {
            _ = try BODSReader.read(data: Data(bytes), sourceName: "x.json")
            Issue.record("the file was read")
        } catch let error as BODSReader.ReadError {
            // Foundation points at the start of the string that holds the bad byte.
            #expect(error.line == 2)
            #expect(error.column == 4)
        }
    }

    /// A declared share outside 0–100 is recorded as unknown with a warning, not clamped.
    @Test func aShareOutsideTheRangeIsUnknownWithAWarning() throws {
        let url = RepositoryPaths.sharedData("bods-examples").appendingPathComponent("bods-package-fi-soe.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.components(separatedBy: "\"exact\": 23.5").count == 2)
        let records = try BODSReader.read(data: Data(text.replacingOccurrences(of: "\"exact\": 23.5", with: "\"exact\": 150").utf8),
                                          sourceName: "x.json")
        #expect(records.warnings.contains { $0.hasSuffix(": share 150.0% is outside 0–100, recorded as unknown") }, "\(records.warnings)")
        let original = try BODSReader.read(data: Data(text.utf8), sourceName: "x.json")
        // The same holdings; the 23.5% one now of unknown share, none above 100.
        #expect(records.shareholdings.count == original.shareholdings.count)
        #expect(records.shareholdings.filter { $0.pct == nil }.count == original.shareholdings.filter { $0.pct == nil }.count + 1)
        #expect(!records.shareholdings.contains { ($0.pct ?? 0) > 100 })
    }

    @Test func structuralErrorNamesTheFile() {
        #expect(error("{}") == "x.json: not a BODS 0.4 statement array: the top level is not an array")
    }

    /// One company held by one person through `interests` (JSON text).
    static func holding(_ interests: String, details: String? = nil) -> String {
        """
        [{"recordId":"c","recordType":"entity","recordDetails":{"name":"C Ltd"}},
         {"recordId":"p","recordType":"person","recordDetails":\(details ?? #"{"names":[{"fullName":"P"}]}"#)},
         {"recordId":"r","recordType":"relationship","recordDetails":{"subject":"c","interestedParty":"p","interests":\(interests)}}]
        """
    }

    static func records(_ text: String) throws -> BODSRecords {
        try BODSReader.read(data: Data(text.utf8), sourceName: "x.json")
    }

    /// Values of the wrong JSON type were taken silently: `interests` as an object lost the
    /// interest, `exact: true` was read as 1%, `exact: "fifty"` became unknown unsaid.
    @Test func wrongJSONTypesAreWarnedAbout() throws {
        let object = try Self.records(Self.holding(#"{"type":"shareholding","share":{"exact":30}}"#))
        #expect(object.warnings == ["statement 2 (relationship r): interests is not an array; no interest read"])
        let boolean = try Self.records(Self.holding(#"[{"type":"shareholding","share":{"exact":true}}]"#))
        #expect(boolean.shareholdings.map(\.pct) == [nil])
        #expect(boolean.warnings == ["statement 2 (relationship r): share exact true is not a number; ignored"])
        let word = try Self.records(Self.holding(#"[{"type":"shareholding","share":{"exact":"fifty"}}]"#))
        #expect(word.shareholdings.map(\.pct) == [nil])
        #expect(word.warnings == ["statement 2 (relationship r): share exact \"fifty\" is not a number; ignored"])
        let element = try Self.records(Self.holding(#"[7, {"type":"shareholding","share":{"exact":30}}]"#))
        #expect(element.shareholdings.map(\.pct) == [30])
        #expect(element.warnings == ["statement 2 (relationship r): interest 0 is not an object; skipped"])
        let details = try Self.records(Self.holding(#"[]"#, details: #""oops""#))
        #expect(details.persons.isEmpty)
        #expect(details.warnings.first == "statement 1 (person p): recordDetails is not an object; statement skipped")
        // Numbers, and strings of numbers, are read as before.
        #expect(try Self.records(Self.holding(#"[{"type":"shareholding","share":{"exact":1}}]"#)).shareholdings.map(\.pct) == [1])
    }

    /// An entity whose CN-USCC identifier fails the check, a person and her 60% in it.
    static let wrongCode = """
        [{"statementId":"e","recordId":"e1","recordType":"entity","recordDetails":{"entityType":{"type":"registeredEntity"},"name":"杭州甲公司","identifiers":[{"id":"91330106MA2CDE8E6C","scheme":"CN-USCC"}]}},
         {"statementId":"p","recordId":"p1","recordType":"person","recordDetails":{"names":[{"fullName":"张三"}]}},
         {"statementId":"r","recordId":"r1","recordType":"relationship","recordDetails":{"subject":"e1","interestedParty":"p1","interests":[{"type":"shareholding","directOrIndirect":"direct","share":{"exact":60}}]}}]
        """

    /// A wrong credit code became a made-up company (synthetic code 99000000…) that held
    /// 张三's 60%, with no warning.
    @Test func aWrongCreditCodeLeavesTheEntityOut() throws {
        let records = try Self.records(Self.wrongCode)
        #expect(records.companies.isEmpty && records.shareholdings.isEmpty)
        #expect(records.warnings == [
            #"statement 0 (entity e1): identifier CN-USCC "91330106MA2CDE8E6C" is not a valid credit code: wrong check character (expected N); the entity and its relationships are not imported"#,
            "statement 2 (relationship r1): subject e1 has a wrong credit code (statement 0); skipped",
        ])
        #expect(records.invalidCreditCodes == [#"statement 0 (entity e1): identifier CN-USCC "91330106MA2CDE8E6C" is not a valid credit code: wrong check character (expected N)"#])
        // Credit-code shaped under another scheme, or of the wrong length under CN-USCC: the same.
        let shaped = try Self.records(Self.wrongCode.replacingOccurrences(of: "CN-USCC", with: "CN-SAMR"))
        #expect(shaped.companies.isEmpty && shaped.invalidCreditCodes.count == 1)
        // Under another country's scheme an 18-character number is no credit code: kept,
        // as an entity outside the registry.
        let foreign = try Self.records(Self.wrongCode.replacingOccurrences(of: "CN-USCC", with: "GB-COH"))
        #expect(foreign.invalidCreditCodes.isEmpty && foreign.companies.count == 1)
        let short = try Self.records(Self.wrongCode.replacingOccurrences(of: "91330106MA2CDE8E6C", with: "9133"))
        #expect(short.invalidCreditCodes == [#"statement 0 (entity e1): identifier CN-USCC "9133" is not a valid credit code: a credit code has 18 characters, this one has 4"#])
        // As the interested party, the entity's holdings are left out too.
        let holder = try Self.records(Self.wrongCode.replacingOccurrences(of: #""subject":"e1","interestedParty":"p1""#, with: #""subject":"p1","interestedParty":"e1""#)
            .replacingOccurrences(of: #""recordType":"person","recordDetails":{"names":[{"fullName":"张三"}]}"#, with: #""recordType":"entity","recordDetails":{"name":"乙"}"#))
        #expect(holder.shareholdings.isEmpty)
        #expect(holder.warnings.last == "statement 2 (relationship r1): interested party e1 has a wrong credit code (statement 0); skipped")
        // The valid code is kept, as before.
        let valid = try Self.records(Self.wrongCode.replacingOccurrences(of: "E8E6C", with: "E8E6N"))
        #expect(valid.companies.map(\.creditCode.rawValue) == ["91330106MA2CDE8E6N"] && valid.warnings.isEmpty)
        #expect(valid.shareholdings.map(\.pct) == [60])
    }

    /// A statement of an unknown record type was dropped without a warning.
    @Test func anUnknownRecordTypeIsWarnedAbout() throws {
        let text = Self.holding(#"[{"type":"shareholding","share":{"exact":30}}]"#).dropLast()
            + #",{"recordId":"x","recordType":"alien","recordDetails":{"name":"X"}}]"#
        let records = try Self.records(String(text))
        #expect(records.shareholdings.map(\.pct) == [30])
        #expect(records.warnings == ["statement 3 (alien x): unknown recordType (not entity, person or relationship); statement skipped"])
    }

    /// `{"maximum":20}` was unknown unsaid, `{"minimum":10}` recorded as 10% under a warning
    /// saying "midpoint", and min 60 max 5 became 32.5%.
    @Test(arguments: [
        (#"{"minimum":10,"maximum":20}"#, 15.0, "share range 10–20% recorded as its midpoint 15%"),
        (#"{"maximum":20}"#, nil, "share range of at most 20% (no minimum) recorded as unknown"),
        (#"{"minimum":10}"#, nil, "share range of at least 10% (no maximum) recorded as unknown"),
        (#"{"minimum":60,"maximum":5}"#, nil, "share range 60–5% has its minimum above its maximum; recorded as unknown"),
    ] as [(String, Double?, String)])
    func shareRangesSayWhatIsRecorded(share: String, pct: Double?, warning: String) throws {
        let records = try Self.records(Self.holding(#"[{"type":"shareholding","share":"# + share + "}]"))
        #expect(records.shareholdings.map(\.pct) == [pct])
        #expect(records.warnings == ["statement 2 (relationship r): " + warning])
    }

    /// The README said indirect interests "are kept as declared answers"; nothing stores them.
    @Test func anIndirectInterestIsListedAsNotStored() throws {
        let records = try Self.records(Self.holding(#"[{"type":"shareholding","directOrIndirect":"indirect","share":{"exact":30}}]"#))
        #expect(records.shareholdings.isEmpty)
        #expect(records.warnings == ["statement 2 (relationship r): indirect shareholding interest (30%) not stored; the graph computes indirect shares from the direct links"])
    }
}
