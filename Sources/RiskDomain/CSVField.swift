/// RFC 4180 quoting of one CSV field, shared by every CSV RiskBrain writes (rejects, BODS
/// conversions, score and graph output).
public enum CSVField {
    /// `field`, in double quotes (inner quotes doubled) when it holds a comma, a quote, a
    /// line feed or a carriage return.
    ///
    /// The test is on the UTF-8 bytes: a Swift `Character` comparison misses a CR-LF pair,
    /// which is one `Character` equal to neither `"\n"` nor `"\r"`, and left such a cell
    /// unquoted (a row split in two).
    public static func escaped(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return field }
        // Scalar by scalar, for the same reason: a quote followed by a combining mark is one
        // Character that is not equal to "\"".
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in field.unicodeScalars {
            if scalar == "\"" { quoted.append(scalar) }
            quoted.append(scalar)
        }
        quoted.append("\"")
        return String(quoted)
    }

    /// `field` made inert for a spreadsheet (OWASP "CSV injection"): a cell that starts with
    /// `=`, `+`, `-`, `@`, a tab or a carriage return and is not a plain number is opened by
    /// Excel or LibreOffice as a formula (`=HYPERLINK(…)`, `@SUM(…)`), so it gets a leading
    /// apostrophe, which the spreadsheet shows as text. Numbers such as `-5` or `+3.5` are
    /// left alone. For the CSV files meant for a spreadsheet (rejects, score and graph
    /// output); JSON keeps text as it is.
    public static func spreadsheetSafe(_ field: String) -> String {
        guard let first = field.utf8.first, [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains(first) else { return field }
        if first == 0x2B || first == 0x2D, isPlainNumber(field.utf8.dropFirst()) { return field }
        return "'" + field
    }

    /// Digits with at most one decimal point between digits (`5`, `3.25`): what a signed
    /// number cell holds. `Double` also reads `inf`, `nan` and `0x1p3`, which a spreadsheet
    /// takes for formulas.
    static func isPlainNumber(_ bytes: Substring.UTF8View) -> Bool {
        var digits = 0, point = false, last: UInt8 = 0
        for byte in bytes {
            if (0x30...0x39).contains(byte) { digits += 1 }
            else if byte == 0x2E, !point, digits > 0 { point = true }
            else { return false }
            last = byte
        }
        return digits > 0 && last != 0x2E
    }
}
