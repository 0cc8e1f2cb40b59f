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

    @Test func structuralErrorNamesTheFile() {
        #expect(error("{}") == "x.json: not a BODS 0.4 statement array: the top level is not an array")
    }
}
