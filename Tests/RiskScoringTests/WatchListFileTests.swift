import Foundation
import Testing
import RiskTestSupport
import RiskDomain
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
        #expect(try error(bytes) == "list.csv:4:2: invalid UTF-8 byte sequence (the file reads as UTF-8 apart from this byte)")
    }

    /// A list saved as GB18030 (Excel's "CSV" on Chinese Windows) was refused as invalid
    /// UTF-8; it is read as `import` reads such a file.
    @Test func gb18030ListIsRead() throws {
        let directory = try TemporaryDirectory(prefix: "riskbrain-watchlist")
        defer { directory.remove() }
        let text = "统一社会信用代码,企业名称,备注\n913101153KYHWB4A4D,上海佳宁辰机械设备有限公司,日常排查\n,北京聚财金融信息服务有限公司,\n"
        let path = try directory.write("list.csv", bytes: try #require(text.data(using: TextDecoding.gb18030)))
        let list = try WatchList.read(path: path)
        #expect(list.entries.map(\.creditCode) == ["913101153KYHWB4A4D", nil])
        #expect(list.entries.map(\.name) == ["上海佳宁辰机械设备有限公司", "北京聚财金融信息服务有限公司"])
        #expect(list.entries.map(\.line) == [2, 3])
    }

    @Test func neitherUTF8NorGB18030NamesTheLine() throws {
        #expect(try error(Array("name\n".utf8) + [0xFF, 0x0A]) == "list.csv:2: neither UTF-8 nor GB18030 text (save the file as UTF-8)")
    }

    @Test func quoteErrorsNameTheColumn() throws {
        #expect(try error(Array("name,note\n公司,a\"b\n".utf8)) == "list.csv:2:2: a quote inside an unquoted field")
        #expect(try error(Array("name,note\n公司,x\n公司,\"open\nmore\n".utf8)) == "list.csv:3:2: a quoted field is not closed")
    }
}
