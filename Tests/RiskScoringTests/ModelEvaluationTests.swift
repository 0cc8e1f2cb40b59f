import Foundation
import Testing
import RiskDomain
import RiskTestSupport
@testable import RiskScoring

@Suite("Scoring: evaluation labels")
struct ModelEvaluationTests {
    /// Conflicting labels of one company kept the last row in file order, whatever its date
    /// (found by review): the latest date wins, a row with no date is the oldest.
    @Test func theLatestDatedLabelWins() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("labels.csv", """
            company,label,date,source
            AAA,1,2025-03-01,立案
            BBB,0,2024-01-01,核查
            AAA,0,2024-06-01,核查
            BBB,1,,线索
            CCC,1,,线索
            CCC,0,,核查
            DDD,1,2024-01-01,立案
            DDD,1,2025-01-01,立案
            """)
        let rows = try ModelEvaluation.readLabels(path: path)
        #expect(rows.map(\.date) == [LocalDate(iso: "2025-03-01"), LocalDate(iso: "2024-01-01"), LocalDate(iso: "2024-06-01"),
                                     nil, nil, nil, LocalDate(iso: "2024-01-01"), LocalDate(iso: "2025-01-01")])
        let (labels, conflicts) = ModelEvaluation.resolveLabels(rows)
        #expect(labels.mapValues(\.label) == ["AAA": 1, "BBB": 0, "CCC": 0, "DDD": 1])
        #expect(conflicts == [
            .init(company: "AAA", lines: [2, 4], chosenLine: 2, chosenDate: LocalDate(iso: "2025-03-01")),
            .init(company: "BBB", lines: [3, 5], chosenLine: 3, chosenDate: LocalDate(iso: "2024-01-01")),
            .init(company: "CCC", lines: [6, 7], chosenLine: 7, chosenDate: nil),
        ])
    }

    @Test func aBadLabelDateNamesItsLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("labels.csv", "company,label,date\nAAA,1,2025-13-01\n")
        #expect(throws: CSVTable.ParseError.self) { try ModelEvaluation.readLabels(path: path) }
        do { _ = try ModelEvaluation.readLabels(path: path) } catch let error as CSVTable.ParseError {
            #expect(error.line == 2)
            #expect(error.reason == "date must be a date (YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD or YYYY年M月D日), not `2025-13-01`")
        }
    }

    /// A labels file with bare-CR line ends read as no labels ("0 positive, 0 negative",
    /// empty metrics, exit 0), as did a header with no rows (found by review): both refused.
    @Test func bareCarriageReturnsAndAnEmptyFileAreRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        func reason(_ text: String) throws -> String {
            let path = try directory.write("labels.csv", text)
            do { _ = try ModelEvaluation.readLabels(path: path) } catch let error as CSVTable.ParseError {
                return error.description.replacingOccurrences(of: path, with: "labels.csv")
            }
            Issue.record("the labels were read")
            return ""
        }
        #expect(try reason("company,label,date\rAAA,1,2025-01-01\r")
                == "labels.csv:1:3: line ends are a bare CR (classic Mac OS): convert the file to LF or CRLF")
        #expect(try reason("company,label,date\n") == "labels.csv:1: the labels file names no company (a header and no rows)")
        #expect(try reason("company,label,标签\nAAA,1,0\n") == "labels.csv:1:3: column label appears twice (columns 2 and 3)")
    }
}
