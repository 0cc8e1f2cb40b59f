import Foundation
import Testing
import RiskTestSupport
@testable import RiskIngest

/// Reads every record of `bytes` as trimmed cells with their start lines.
func readAll(_ bytes: [UInt8], encoding: TextEncodingChoice = .auto) throws -> (records: [[String]], lines: [Int], encoding: DetectedEncoding) {
    let directory = try TemporaryDirectory(prefix: "riskbrain-csv")
    defer { directory.remove() }
    let path = try directory.write("data.csv", bytes: Data(bytes))
    let stream = try DecodedByteStream(source: try FileByteSource(path: path), choice: encoding)
    let reader = CSVReader(stream: stream)
    var records: [[String]] = [], lines: [Int] = []
    while try reader.next() {
        records.append((0..<reader.fieldCount).map { reader.text($0) ?? "<invalid>" })
        lines.append(reader.recordLine)
    }
    return (records, lines, stream.encoding)
}

@Suite("CSV reader")
struct CSVReaderTests {
    @Test func quotedFieldsWithCommasQuotesAndLineBreaks() throws {
        let text = "a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\nplain, spaced ,\"\"\n"
        let result = try readAll(Array(text.utf8))
        #expect(result.records == [["a", "b", "c"], ["x,1", "say \"hi\"", "two\r\nlines"], ["plain", "spaced", ""]])
        #expect(result.lines == [1, 2, 4])
    }

    @Test func blankLinesAreSkippedAndLinesStillCount() throws {
        let result = try readAll(Array("h\n\n1\r\n \r\n2".utf8))
        #expect(result.records == [["h"], ["1"], ["2"]])
        #expect(result.lines == [1, 3, 5])
    }

    @Test func bomIsRemovedAndNoted() throws {
        let result = try readAll([0xEF, 0xBB, 0xBF] + Array("名称,代码\n甲,1\n".utf8))
        #expect(result.records == [["名称", "代码"], ["甲", "1"]])
        #expect(result.encoding == .utf8WithBOM)
    }

    @Test func textAfterAClosingQuoteIsKept() throws {
        let result = try readAll(Array("\"ab\"cd,e\n".utf8))
        #expect(result.records == [["abcd", "e"]])
    }

    @Test func trailingCommaGivesAnEmptyLastCell() throws {
        let result = try readAll(Array("a,b,\n1,2,".utf8))
        #expect(result.records == [["a", "b", ""], ["1", "2", ""]])
    }

    @Test func ideographicSpacesAreTrimmed() throws {
        let result = try readAll(Array("\u{3000}甲\u{3000},x\n".utf8))
        #expect(result.records == [["甲", "x"]])
    }

    /// A quoted field with a line break and a `""` straddling the 1 MiB chunk boundary.
    @Test func recordsSpanningChunksAreReadWhole() throws {
        var text = "id,note\n"
        var expected: [[String]] = [["id", "note"]]
        var serial = 0
        while text.utf8.count < FileByteSource.chunkSize - 40 {
            text += "\(serial),row \(serial)\n"
            expected.append([String(serial), "row \(serial)"])
            serial += 1
        }
        text += "\(serial),\"" + String(repeating: "长", count: 30) + "\"\"\n" + String(repeating: "y", count: 50) + "\"\nlast,1\n"
        expected.append([String(serial), String(repeating: "长", count: 30) + "\"\n" + String(repeating: "y", count: 50)])
        expected.append(["last", "1"])
        let result = try readAll(Array(text.utf8))
        #expect(result.records.count == expected.count)
        #expect(result.records == expected)
        #expect(result.lines.last == serial + 4)
    }

    /// Line and column name the record and the field, as a rejected cell's place does (the
    /// column was missing) (found by review).
    @Test func unterminatedQuoteIsAnErrorWithItsLineAndColumn() throws {
        do {
            _ = try readAll(Array("a,b\n1,2\n3,\"open\nmore\n".utf8))
            Issue.record("no error")
        } catch let error as ImportError {
            guard case .unterminatedQuote(_, let line, let column) = error else { Issue.record("wrong error \(error)"); return }
            #expect(line == 3)
            #expect(column == 2)
            #expect(error.description.hasSuffix(".csv:3:2: not a CSV file: a quoted field starting here is never closed"))
        }
    }

    /// In the first chunk (checked before the encoding is chosen) and after it (found by the
    /// reader), in a quoted field holding a line break; (bytes, line, column).
    static let nulCases: [([UInt8], Int, Int)] = {
        let manyLines: [UInt8] = Array(repeating: Array("1,2\n".utf8), count: 300_000).flatMap { $0 }
        let header: [UInt8] = Array("a,b\n".utf8)
        let end: [UInt8] = Array("3,ab".utf8) + [0]
        let zhangLine: [UInt8] = [0xD5, 0xC5, 0x2C, 0x32, 0x0A]   // 张,2 in GB18030: the file is read as GB18030
        var cases: [([UInt8], Int, Int)] = []
        cases.append((header + Array("1,2\n".utf8) + [0, 1, 2], 3, 1))
        cases.append((Array("a,b\n1,ab".utf8) + [0] + Array("c\n".utf8), 2, 2))
        cases.append((Array("a,b,c\n1,\"x,\ny\",\"\"\"".utf8) + [0] + Array("\"\n".utf8), 2, 3))
        cases.append((header + manyLines + end, 300_002, 2))
        // GB18030: the NUL is past the first chunk, in the decoder's part.
        cases.append((header + zhangLine + manyLines + end, 300_003, 2))
        return cases
    }()

    @Test func nulByteMeansBinaryAndNamesItsCell() throws {
        for (index, (bytes, line, column)) in Self.nulCases.enumerated() {
            do {
                _ = try readAll(bytes)
                Issue.record("case \(index): no error")
            } catch let error as ImportError {
                guard case .binary(_, let errorLine, let errorColumn) = error else { Issue.record("case \(index): wrong error \(error)"); continue }
                #expect(errorLine == line, "case \(index)")
                #expect(errorColumn == column, "case \(index)")
            }
        }
    }
}

@Suite("Encodings")
struct EncodingTests {
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    @Test func gb18030IsDetectedAndDecoded() throws {
        let data = try #require("统一社会信用代码,姓名\n\(Codes.a),张三\n".data(using: Self.gb18030))
        #expect(String(data: data, encoding: .utf8) == nil)   // really not UTF-8
        let result = try readAll(Array(data))
        #expect(result.encoding == .gb18030)
        #expect(result.records == [["统一社会信用代码", "姓名"], [Codes.a, "张三"]])
    }

    @Test func gb18030SpanningChunksIsDecodedAtLineBoundaries() throws {
        var text = "name\n"
        while text.utf8.count < 2 * FileByteSource.chunkSize { text += "集资诈骗罪民间借贷纠纷\n" }
        let data = try #require(text.data(using: Self.gb18030))
        let result = try readAll(Array(data))
        #expect(result.encoding == .gb18030)
        #expect(result.records.count == text.split(separator: "\n").count)
        #expect(result.records.dropFirst().allSatisfy { $0 == ["集资诈骗罪民间借贷纠纷"] })
    }

    @Test func invalidUTF8CellsAreNotTurnedIntoText() throws {
        let result = try readAll(Array("name\n".utf8) + [0xD5, 0xC5, 0x0A], encoding: .utf8)
        #expect(result.records == [["name"], ["<invalid>"]])
    }

    @Test func forcedGB18030ReadsUTF8AsSomethingElse() throws {
        let result = try readAll(Array("a\nb\n".utf8), encoding: .gb18030)
        #expect(result.encoding == .gb18030)
        #expect(result.records == [["a"], ["b"]])
    }

    @Test func utf16IsRefused() throws {
        #expect(throws: ImportError.self) { _ = try readAll([0xFF, 0xFE, 0x61, 0x00]) }
    }
}
