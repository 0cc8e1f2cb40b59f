import Foundation
import Testing
import RiskTestSupport
@testable import RiskScoring

@Suite("Scoring: watch-list file errors")
struct WatchListFileTests {
    /// Reads `bytes` as a watch list and returns the error's description.
    func error(_ bytes: [UInt8]) throws -> String {
        let directory = try TemporaryDirectory(prefix: "riskbrain-watchlist")
        defer { directory.remove() }
        let path = try directory.write("list.csv", bytes: Data(bytes))
        do {
            _ = try WatchList.read(path: path)
        } catch let error as CSVTable.ParseError {
            return error.description.replacingOccurrences(of: path, with: "list.csv")
        }
        Issue.record("the list was read")
        return ""
    }

    /// A list with one bad byte on line 3 was reported as `list.csv:0: not UTF-8 text`.
    @Test func invalidUTF8NamesLineAndColumn() throws {
        let text = Array("credit_code,name,note\n913101153KYHWB4A4D,上海,\"a,\nb\"\n,北京".utf8)
        let bytes = text + [0xFF] + Array("x\n".utf8)
        #expect(try error(bytes) == "list.csv:4:2: invalid UTF-8 byte sequence (save the file as UTF-8)")
    }

    @Test func quoteErrorsNameTheColumn() throws {
        #expect(try error(Array("name,note\n公司,a\"b\n".utf8)) == "list.csv:2:2: a quote inside an unquoted field")
        #expect(try error(Array("name,note\n公司,x\n公司,\"open\nmore\n".utf8)) == "list.csv:3:2: a quoted field is not closed")
    }
}
