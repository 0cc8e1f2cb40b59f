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
}
