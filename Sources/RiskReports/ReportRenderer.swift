import RiskDomain

/// Renders a ``ReportDocument`` to HTML, Markdown or JSON: the public entry point of RiskReports.
///
/// The three forms carry the same content, in the same order: cover, summary (counts, score
/// distribution, ranked table, unmatched names), one dossier per high and medium company,
/// linked warnings, and the model appendix. Rendering is a pure function of the document:
/// the same document gives byte-identical output. Each call is O(size of the output).
public enum ReportRenderer {
    /// The output formats of `riskbrain report --format`.
    public enum Format: String, CaseIterable, Sendable {
        case html, md, json
    }

    /// One self-contained HTML page: inline CSS and SVG, no script, no external resource.
    public static func html(_ doc: ReportDocument) -> String { HTMLReportWriter.render(doc) }

    /// GitHub-flavoured Markdown with the same sections; diagrams written as text.
    public static func markdown(_ doc: ReportDocument) -> String { MarkdownReportWriter.render(doc) }

    /// The document as ordered JSON (the scoring JSON's shape, extended with the report's sections).
    public static func json(_ doc: ReportDocument) -> JSONValue { ReportJSONEncoder.encode(doc) }

    /// The text of `format`; JSON is pretty-printed and ends with a newline.
    public static func render(_ doc: ReportDocument, as format: Format) -> String {
        switch format {
        case .html: return html(doc)
        case .md: return markdown(doc)
        case .json: return json(doc).serialized(pretty: true) + "\n"
        }
    }
}
