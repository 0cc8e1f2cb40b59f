import RiskDomain

/// CSV output: RFC 4180 quoting, `\n` line ends.
public enum CSVText {
    /// One field, quoted when it holds a comma, a quote or a line break (``CSVField``).
    public static func field(_ text: String) -> String { CSVField.escaped(text) }

    /// The header line and the rows, without a final line break.
    public static func rows(_ header: [String], _ rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n")
    }
}
