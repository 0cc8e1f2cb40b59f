import Foundation
import Testing
import RiskDomain
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

    /// An indirect interest is not stored when the file's direct links reach the company
    /// (the graph computes it); with no intermediate entity in the file it is recorded as a
    /// holding, with a warning: the declared 75–100% owner vanished and `owners` said
    /// 受益所有人 无法识别 (found by review).
    @Test func anIndirectInterestIsStoredOnlyWhenTheGraphCannotComputeIt() throws {
        let alone = try Self.records(Self.holding(#"[{"type":"shareholding","directOrIndirect":"indirect","share":{"exact":30}}]"#))
        #expect(alone.shareholdings.map(\.pct) == [30] && alone.shareholdings.map(\.holderID) == ["bods:p"])
        #expect(alone.warnings == ["statement 2 (relationship r): indirect shareholding interest (30%) recorded as a holding: the file names no intermediate entity, so the graph cannot compute it from direct links"])
        #expect(alone.declaredIndirect.map(\.pct) == [30])
        // P holds M directly, M holds C: P's declared indirect 30% of C is computed, not stored.
        let routed = """
            [{"recordId":"c","recordType":"entity","recordDetails":{"name":"C Ltd"}},
             {"recordId":"m","recordType":"entity","recordDetails":{"name":"M Ltd"}},
             {"recordId":"p","recordType":"person","recordDetails":{"names":[{"fullName":"P"}]}},
             {"recordId":"r1","recordType":"relationship","recordDetails":{"subject":"m","interestedParty":"p","interests":[{"type":"shareholding","share":{"exact":60}}]}},
             {"recordId":"r2","recordType":"relationship","recordDetails":{"subject":"c","interestedParty":"m","interests":[{"type":"shareholding","share":{"exact":50}}]}},
             {"recordId":"r3","recordType":"relationship","recordDetails":{"subject":"c","interestedParty":"p","interests":[{"type":"shareholding","directOrIndirect":"indirect","share":{"exact":30}}]}}]
            """
        let records = try Self.records(routed)
        #expect(records.shareholdings.map(\.pct) == [60, 50])
        // A note, not a warning: nothing is lost, so `--strict` takes it.
        #expect(records.warnings.isEmpty)
        #expect(records.notes == ["statement 5 (relationship r3): indirect shareholding interest (30%) not stored; the graph computes indirect shares from the direct links"])
        // P's own direct 10% is no route for its indirect 40%: no intermediate entity lies on
        // it, so the declared interest is recorded (it was dropped as computable; found by review).
        let beside = try Self.records(Self.holding("""
            [{"type":"shareholding","share":{"exact":10}},
             {"type":"shareholding","directOrIndirect":"indirect","share":{"exact":40}}]
            """))
        #expect(beside.shareholdings.map(\.pct) == [40, 10])
        #expect(beside.warnings.count == 1 && beside.warnings[0].contains("indirect shareholding interest (40%) recorded as a holding"))
    }

    /// Only the first interest of a relationship was read: a current 60% listed after an
    /// ended 20% was lost, and the holder showed as a former 20% holder (found by review).
    @Test func everyShareholdingInterestIsARow() throws {
        let records = try Self.records(Self.holding("""
            [{"type":"shareholding","share":{"exact":20},"startDate":"2015-01-01","endDate":"2021-01-01"},
             {"type":"shareholding","share":{"exact":60},"startDate":"2021-01-01"}]
            """))
        #expect(records.shareholdings.map { "\($0.pct ?? -1) \($0.since?.iso ?? "-") \($0.until?.iso ?? "-")" }
                == ["20.0 2015-01-01 2021-01-01", "60.0 2021-01-01 -"])
        #expect(records.warnings.isEmpty)
    }

    /// Voting rights are no second stake: beside a shareholding, in the same relationship or
    /// another, 40% of the shares and 60% of the votes read as 100% ownership (found by review).
    /// They are not stored (a holding has one percentage), with a warning when they differ
    /// from the shares; without a shareholding they are the stake, as before.
    @Test func votingRightsBesideSharesAreNotAdded() throws {
        let split = """
            [{"recordId":"c","recordType":"entity","recordDetails":{"name":"C Ltd"}},
             {"recordId":"p","recordType":"person","recordDetails":{"names":[{"fullName":"P"}]}},
             {"recordId":"ra","recordType":"relationship","recordDetails":{"subject":"c","interestedParty":"p","interests":[{"type":"shareholding","share":{"exact":40}}]}},
             {"recordId":"rb","recordType":"relationship","recordDetails":{"subject":"c","interestedParty":"p","interests":[{"type":"votingRights","share":{"exact":60}}]}}]
            """
        let records = try Self.records(split)
        #expect(records.shareholdings.map(\.pct) == [40])
        #expect(records.warnings == ["statement 3 (relationship rb): votingRights interest (60%) not stored: the shareholding is the holder's stake (a holding has one percentage); check who commands the votes"])
        let equal = try Self.records(Self.holding(#"[{"type":"shareholding","share":{"exact":30}},{"type":"votingRights","share":{"exact":30}}]"#))
        #expect(equal.shareholdings.map(\.pct) == [30] && equal.warnings.isEmpty)
        let votesOnly = try Self.records(Self.holding(#"[{"type":"votingRights","share":{"exact":55}}]"#))
        #expect(votesOnly.shareholdings.map(\.pct) == [55] && votesOnly.warnings.isEmpty)
    }

    /// An unknown or anonymous person was a named owner ("BODS person x1"), and an
    /// unspecified interested party's 70% was dropped, unsaid in `owners` (found by review).
    @Test func undisclosedOwnersSaySo() throws {
        let anonymous = try Self.records(Self.holding(#"[{"type":"shareholding","share":{"exact":60}}]"#,
            details: #"{"personType":"anonymousPerson","unspecifiedPersonDetails":{"reason":"interestedPartyExemptFromDisclosure"}}"#))
        #expect(anonymous.persons.map(\.name) == ["匿名自然人（BODS p，interestedPartyExemptFromDisclosure）"])
        #expect(anonymous.shareholdings.map(\.holderName) == ["匿名自然人（BODS p，interestedPartyExemptFromDisclosure）"])
        let unknown = try Self.records(Self.holding(#"[]"#, details: #"{"personType":"unknownPerson"}"#))
        #expect(unknown.persons.map(\.name) == ["身份不明的自然人（BODS p）"])
        let unspecified = try Self.records(Self.holding(#"[{"type":"shareholding","share":{"exact":70}}]"#)
            .replacingOccurrences(of: #""interestedParty":"p""#, with: #""interestedParty":{"reason":"unknown"}"#))
        #expect(unspecified.shareholdings.map { "\($0.holderID) \($0.holderName) \($0.holderType.rawValue) \($0.pct ?? -1)" }
                == ["bods:r#interestedParty 未披露的权益人（BODS r，unknown） company 70.0"])
        #expect(unspecified.warnings == ["statement 2 (relationship r): interested party unspecified (unknown); recorded as an undisclosed party (未披露的权益人（BODS r，unknown）)"])
    }

    /// Another country's 18-digit number that passes the credit-code check by chance became
    /// a registry company with a made-up region (found by review).
    @Test func aForeignNumberIsNoCreditCode() throws {
        let text = Self.wrongCode.replacingOccurrences(of: #""id":"91330106MA2CDE8E6C","scheme":"CN-USCC""#,
                                                       with: #""id":"123456789012345678","scheme":"US-DE""#)
        #expect((try? CreditCode(validating: "123456789012345678")) != nil)
        let records = try Self.records(text)
        #expect(records.companies.map { "\($0.creditCode.rawValue.prefix(8)) \($0.regionCode)" } == ["99000000 000000"])
        #expect(records.companies.first?.entType == "BODS registeredEntity e1 US-DE:123456789012345678")
        // With no scheme code, the scheme's name is kept (it read `?:…`).
        let named = try Self.records(text.replacingOccurrences(of: #""scheme":"US-DE""#, with: #""schemeName":"Delaware""#))
        #expect(named.companies.first?.entType == "BODS registeredEntity e1 Delaware:123456789012345678")
    }

    /// A BODS 0.1–0.3 file (the UK register's bulk data) is named as such.
    @Test func anOlderVersionIsNamed() throws {
        let data = try Data(contentsOf: RepositoryPaths.sharedData("bods-real-uk-psc-sample").appendingPathComponent("real.json"))
        #expect(throws: BODSReader.ReadError.self) { _ = try BODSReader.read(data: data, sourceName: "real.json") }
        do { _ = try BODSReader.read(data: data, sourceName: "real.json") } catch {
            #expect("\(error)" == "real.json: not a BODS 0.4 statement array: statement 0 is BODS 0.1–0.3 (statementID, statementType); only BODS 0.4 (recordId, recordType) is read")
        }
    }
}
