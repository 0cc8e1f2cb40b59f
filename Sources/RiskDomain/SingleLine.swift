/// Text shown on one line of a terminal, a table or a message.
public enum SingleLine {
    /// `text` on one line: each control character (a line break or tab inside a quoted CSV
    /// field, say) shown as its Unicode control picture (U+2400 + code, `␊` for a line
    /// feed, `␡` for DEL), so that a name cannot break a table's rows or a message's line.
    /// Text without control characters is returned as it is.
    public static func text(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20, let picture = Unicode.Scalar(0x2400 + scalar.value) { scalars.append(picture) }
            else if scalar.value == 0x7F, let picture = Unicode.Scalar(0x2421) { scalars.append(picture) }
            else { scalars.append(scalar) }
        }
        return String(scalars)
    }
}
