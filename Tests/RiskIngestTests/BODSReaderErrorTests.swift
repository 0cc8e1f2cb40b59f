import Foundation
import Testing
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

    @Test func structuralErrorNamesTheFile() {
        #expect(error("{}") == "x.json: not a BODS 0.4 statement array: the top level is not an array")
    }
}
