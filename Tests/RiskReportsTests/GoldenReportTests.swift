import Foundation
import Testing
@testable import RiskReports

/// Golden files of the demo document. Re-record with `RISKBRAIN_RECORD_REPORTS=1 swift test
/// --filter GoldenReportTests`, which also rewrites `reports/sample-watchlist.html`.
@Suite("Golden reports")
struct GoldenReportTests {
    static var recording: Bool { ProcessInfo.processInfo.environment["RISKBRAIN_RECORD_REPORTS"] == "1" }

    @Test("the demo renders exactly as recorded", arguments: ReportRenderer.Format.allCases)
    func golden(_ format: ReportRenderer.Format) throws {
        let rendered = ReportRenderer.render(.demo, as: format)
        let url = ReportTestSupport.fixture("demo.\(format.rawValue)")
        if Self.recording {
            try Data(rendered.utf8).write(to: url)
            if format == .html {
                let sample = url.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                    .deletingLastPathComponent().appendingPathComponent("reports/sample-watchlist.html")
                try FileManager.default.createDirectory(at: sample.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(rendered.utf8).write(to: sample)
            }
        }
        let recorded = try String(contentsOf: url, encoding: .utf8)
        #expect(rendered == recorded, "demo.\(format.rawValue) differs from the golden file; re-record if the change is intended")
    }
}
