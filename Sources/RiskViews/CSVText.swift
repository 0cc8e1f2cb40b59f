import RiskDomain

/// CSV output: RFC 4180 quoting, `\n` line ends.
public enum CSVText {
    /// One field, quoted when it holds a comma, a quote or a line break (``CSVField``), and
    /// made inert for a spreadsheet when it would run as a formula there
    /// (``CSVField/spreadsheetSafe(_:)``: a name `=HYPERLINK(…)` is written `'=HYPERLINK(…)`;
    /// numbers such as `-5` stay as they are). The graph commands' CSV is opened in Excel.
    public static func field(_ text: String) -> String { CSVField.escaped(CSVField.spreadsheetSafe(text)) }

    /// The header line and the rows, without a final line break.
    public static func rows(_ header: [String], _ rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n")
    }
}
