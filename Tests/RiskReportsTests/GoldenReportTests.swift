import Foundation
import Testing
@testable import RiskReports

/// Golden files of the demo document. Re-record with `RISKBRAIN_RECORD_REPORTS=1 swift test
/// --filter GoldenReportTests`. (The committed `reports/sample-watchlist.html` is generated
/// from sample-data by `riskbrain report`, and checked by `SampleReportCommandTests`.)
@Suite("Golden reports")
struct GoldenReportTests {
    static var recording: Bool { ProcessInfo.processInfo.environment["RISKBRAIN_RECORD_REPORTS"] == "1" }

    @Test("the demo renders exactly as recorded", arguments: ReportRenderer.Format.allCases)
    func golden(_ format: ReportRenderer.Format) throws {
        let rendered = ReportRenderer.render(.demo, as: format)
        let url = ReportTestSupport.fixture("demo.\(format.rawValue)")
        if Self.recording { try Data(rendered.utf8).write(to: url) }
        let recorded = try String(contentsOf: url, encoding: .utf8)
        #expect(rendered == recorded, "demo.\(format.rawValue) differs from the golden file; re-record if the change is intended")
    }
}
