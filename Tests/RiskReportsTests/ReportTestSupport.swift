import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import RiskReports

/// Helpers shared by the report tests.
enum ReportTestSupport {
    /// Every `<svg …>…</svg>` fragment of `html`, in order.
    static func svgFragments(_ html: String) -> [String] {
        var fragments: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg "), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            fragments.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return fragments
    }

    /// Nil when `xml` parses as well-formed XML, else the parser's error description.
    static func xmlError(_ xml: String) -> String? {
        let parser = XMLParser(data: Data(xml.utf8))
        return parser.parse() ? nil : (parser.parserError.map { "\($0)" } ?? "parse failed")
    }

    /// The text between `<article … id="dossier-ID"` and its `</article>`.
    static func dossier(_ html: String, creditCode: String) -> String? {
        guard let start = html.range(of: "id=\"dossier-\(ReportText.anchor(creditCode))\""),
              let end = html.range(of: "</article>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    /// `Tests/RiskReportsTests/Fixtures/NAME`.
    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    /// A document whose every text field tries to break out of its context.
    static var hostileDocument: ReportDocument {
        var doc = ReportDocument.demo
        doc.title = "报告 <script>alert(\"t\")</script> & 'x'"
        doc.companies[0].name = "<img src=\"https://evil.example/x.png\">鑫盛 & 合伙人 \"财富\" 'A' | 管理有限公司"
        doc.companies[0].reasons[0].description = "</svg><script>bad()</script>"
        doc.companies[0].disposition = "立案调查 <b>"
        doc.unmatched[0].query = "杭州金鼎 <a href=\"http://x\">"
        return doc
    }
}
