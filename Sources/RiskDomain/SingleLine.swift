/// Text shown on one line of a terminal, a table or a message.
public enum SingleLine {
    /// `text` on one line: each control character (a line break or tab inside a quoted CSV
    /// field, say) shown as its Unicode control picture (U+2400 + code, `␊` for a line
    /// feed, `␡` for DEL), so that a name cannot break a table's rows or a message's line.
    /// A C1 control (U+0080–U+009F: U+009B starts a terminal escape sequence as ESC [
    /// does) and a bidirectional override, embedding or isolate (U+202A–U+202E,
    /// U+2066–U+2069: one in a name reverses the rest of the line, so that "90分" reads
    /// "分09") have no picture: each is shown as U+FFFD (�), so the oddity stays visible.
    /// Text without such characters is returned as it is.
    public static func text(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || isInvisibleControl($0) }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20, let picture = Unicode.Scalar(0x2400 + scalar.value) { scalars.append(picture) }
            else if scalar.value == 0x7F, let picture = Unicode.Scalar(0x2421) { scalars.append(picture) }
            else if isInvisibleControl(scalar) { scalars.append("\u{FFFD}") }
            else { scalars.append(scalar) }
        }
        return String(scalars)
    }

    /// A C1 control or a bidirectional embedding, override or isolate: characters a
    /// registry name has no business holding, which act on how the text around them is
    /// shown (a terminal escape, reversed text) without being seen themselves.
    public static func isInvisibleControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }
}
