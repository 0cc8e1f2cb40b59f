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

    /// The line and the field (it named only the line; found by fuzzing).
    @Test func neitherUTF8NorGB18030NamesTheLineAndField() throws {
        #expect(try error(Array("name\n".utf8) + [0xFF, 0x0A]) == "list.csv:2:1: neither UTF-8 nor GB18030 text (save the file as UTF-8)")
        let zhang: [UInt8] = [0xD5, 0xC5]   // 张 in GB18030
        #expect(try error(Array("credit_code,name\n913301060000000000,".utf8) + zhang + [0xB9, 0x09, 0xD8, 0x0A])
                == "list.csv:2:2: neither UTF-8 nor GB18030 text (save the file as UTF-8)")
        // In a quoted field after a line break: the physical line, the field of the record.
        #expect(try error(Array("name,note\n".utf8) + zhang + Array(",\"a\nb".utf8) + [0x80] + Array("\"\n".utf8))
                == "list.csv:3:2: neither UTF-8 nor GB18030 text (save the file as UTF-8)")
    }

    @Test func quoteErrorsNameTheColumn() throws {
        #expect(try error(Array("name,note\n公司,a\"b\n".utf8)) == "list.csv:2:2: a quote inside an unquoted field")
        #expect(try error(Array("name,note\n公司,x\n公司,\"open\nmore\n".utf8)) == "list.csv:3:2: a quoted field is not closed")
    }

    /// A list saved with classic Mac OS line ends (bare CR, Excel's "CSV (Macintosh)") read as
    /// its header alone: "0 scored", an all-clear report, exit 0 (found by review). It is
    /// refused with the words `import` uses, at the field where the first line ends.
    @Test func bareCarriageReturnLineEndsAreRefused() throws {
        let message = "line ends are a bare CR (classic Mac OS): convert the file to LF or CRLF"
        #expect(try error(Array("referral_no,credit_code,name\rR1,913101153KYHWB4A4D,上海\r".utf8)) == "list.csv:1:3: \(message)")
        // After an LF header, at the row that ends in a bare CR.
        #expect(try error(Array("name,note\n公司甲,a\r公司乙,b\n".utf8)) == "list.csv:2:2: \(message)")
    }

    /// CR LF, CR CR LF (a CR LF written in Windows text mode), a CR inside a quoted cell and
    /// a CR at the very end are line ends or text, as before.
    @Test func crlfAndQuotedCarriageReturnsAreRead() throws {
        let table = try CSVTable.parse("name,note\r\n公司甲,a\r\r\n公司乙,\"x\ry\"\r\n公司丙,c\r", file: "list.csv")
        #expect(table.header == ["name", "note"])
        #expect(table.rows.map(\.fields) == [["公司甲", "a"], ["公司乙", "x\ry"], ["公司丙", "c"]])
        #expect(table.rows.map(\.line) == [2, 3, 4])
    }

    /// A header and no rows was "0 scored", exit 0, where the API answers 422 "names no
    /// company" (found by review).
    @Test func aListNamingNoCompanyIsRefused() throws {
        let reason = "the watch list names no company (a header and no rows with a credit code or name)"
        #expect(try error(Array("credit_code,name\n".utf8)) == "list.csv:1: \(reason)")
        #expect(try error(Array("referral_no,credit_code,name\nR1,,\n\n".utf8)) == "list.csv:1: \(reason)")
    }

    /// `credit_code,credit_code` silently dropped the second column; `import` refuses a
    /// header naming a column twice, and so does a list (an alias is its column).
    @Test func aColumnNamedTwiceIsRefused() throws {
        #expect(try error(Array("credit_code,name,credit_code\n913101153KYHWB4A4D,上海,x\n".utf8))
                == "list.csv:1:3: column credit_code appears twice (columns 1 and 3)")
        #expect(try error(Array("统一社会信用代码,Credit_Code\n913101153KYHWB4A4D,x\n".utf8))
                == "list.csv:1:2: column credit_code appears twice (columns 1 and 2)")
        #expect(try error(Array("name,note,NOTE\n上海,a,b\n".utf8)) == "list.csv:1:3: column note appears twice (columns 2 and 3)")
    }

    /// A code typed in full-width digits and letters (`９１３１…`) was `bad_credit_code`,
    /// although names are width-folded: it is folded to half width before matching.
    @Test func fullWidthCreditCodesAreFolded() throws {
        let directory = try TemporaryDirectory(prefix: "riskbrain-watchlist")
        defer { directory.remove() }
        let path = try directory.write("list.csv", "credit_code,name\n９１３１０１１５３ＫＹＨＷＢ４Ａ４Ｄ,上海\n　９１３１０１１５３ｋｙｈｗｂ４ａ４ｄ　,\n")
        let list = try WatchList.read(path: path)
        #expect(list.entries.map(\.creditCode) == ["913101153KYHWB4A4D", "913101153KYHWB4A4D"])
        #expect(list.entries.map(\.input[0].1) == ["９１３１０１１５３ＫＹＨＷＢ４Ａ４Ｄ", "　９１３１０１１５３ｋｙｈｗｂ４ａ４ｄ　"])
    }

    /// Found by review (rv16-names D6, D7): a code written in groups (`9131 0115 …`, with
    /// hyphens) was not compacted, and a valid code typed into the name column matched nothing.
    @Test func codesInGroupsAndCodesInTheNameColumnAreCodes() throws {
        let directory = try TemporaryDirectory(prefix: "riskbrain-watchlist")
        defer { directory.remove() }
        let text = "credit_code,name\n9131 0115-3KYH WB4A4D,\n,913101153kyhwb4a4d\n,913101153KYHWB4A4X\n,上海佳宁辰\n"
        let path = try directory.write("list.csv", bytes: Data(text.utf8))
        let list = try WatchList.read(path: path)
        #expect(list.entries.map(\.creditCode) == ["913101153KYHWB4A4D", "913101153KYHWB4A4D", nil, nil])
        #expect(list.entries.map(\.name) == [nil, nil, "913101153KYHWB4A4X", "上海佳宁辰"])   // an invalid code stays a name
    }
}
