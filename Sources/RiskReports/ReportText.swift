import RiskDomain

/// Text helpers shared by the writers: escaping, deterministic number formatting, clipping.
public enum ReportText {
    /// Escapes `&`, `<`, `>`, `"` and `'` for HTML text, attributes and SVG (XML) alike.
    ///
    /// - Complexity: O(n) in the length of `text`.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        escape(text, into: &out)
        return out
    }

    /// Appends the escaped `text` to `out`; control characters other than tab and newline are dropped
    /// (they are not allowed in XML).
    static func escape(_ text: String, into out: inout String) {
        if !needsEscaping(text) { out += text; return }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" { continue }
                if scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                // A bidi override in a name reversed the text after it in the browser
                // ("（90分）" read "（分09）", chain arrows flipped): shown as � instead.
                if SingleLine.isInvisibleControl(scalar) { out.unicodeScalars.append("\u{FFFD}"); continue }
                out.unicodeScalars.append(scalar)
            }
        }
    }

    /// True when `text` holds a character ``escape(_:into:)`` changes or drops: one scan of
    /// the UTF-8 bytes, so most texts are appended whole.
    static func needsEscaping(_ text: String) -> Bool {
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"):
                return true
            case 0..<0x20 where byte != 0x09 && byte != 0x0A:
                return true
            case 0xBE...0xBF where previous == 0xBF && beforePrevious == 0xEF:  // U+FFFE, U+FFFF
                return true
            case 0x80...0x9F where previous == 0xC2:  // C1 controls U+0080–U+009F
                return true
            case 0xAA...0xAE where previous == 0x80 && beforePrevious == 0xE2:  // U+202A–U+202E
                return true
            case 0xA6...0xA9 where previous == 0x81 && beforePrevious == 0xE2:  // U+2066–U+2069
                return true
            default:
                break
            }
            beforePrevious = previous; previous = byte
        }
        return false
    }

    /// Escapes text for a Markdown table cell or line: `|` and `\` escaped, line breaks become spaces,
    /// and `<`/`>`/`&` escaped so a name cannot inject HTML into a rendered Markdown page.
    static func markdown(_ text: String) -> String {
        let special: Set<UInt8> = [UInt8(ascii: "|"), UInt8(ascii: "\\"), UInt8(ascii: "\n"), UInt8(ascii: "\r"),
                                   UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "*"),
                                   UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "["), UInt8(ascii: "]")]
        if !text.utf8.contains(where: special.contains), !text.unicodeScalars.contains(where: SingleLine.isInvisibleControl) { return text }
        // Scalar by scalar: a `|` followed by a combining mark is one Character equal to
        // neither "|" nor anything else here, and went out unescaped (a table row split).
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            switch scalar {
            case "|": out.append(contentsOf: "\\|".unicodeScalars)
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "\n" where previous == "\r": break  // a CR-LF pair is one break, one space
            case "\n", "\r": out.append(" ")
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "*", "_", "`", "[", "]": out.append("\\"); out.append(scalar)
            default: out.append(SingleLine.isInvisibleControl(scalar) ? "\u{FFFD}" : scalar)
            }
        }
        return String(out)
    }

    /// What a dossier says when a company has no registered owners: a branch has none of its
    /// own (its head office's are its owners, as the note under it says).
    static func noOwners(branch: Bool) -> String {
        branch ? "分支机构（分公司）没有自己的股东。" : "没有登记的上游股东。"
    }

    /// `value` with exactly `digits` decimals (half away from zero), no locale, no exponent.
    /// `非法金融 100.0 · 业务 20.0 · 合规 65.0 · 关联 0.0`.
    static func dimensionsLine(_ dimensions: DimensionScores) -> String {
        RiskDimension.allCases.map { "\($0.shortChinese) \(fixed(dimensions[$0]))" }.joined(separator: " · ")
    }

    static func fixed(_ value: Double, _ digits: Int = 1) -> String {
        guard value.isFinite else { return "—" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else { return String(value) }
        let integer = Int(scaled)
        let negative = value < 0 && integer != 0
        var digitsText = String(integer)
        if digits > 0 {
            if digitsText.count <= digits {
                digitsText = String(repeating: "0", count: digits - digitsText.count + 1) + digitsText
            }
            digitsText.insert(".", at: digitsText.index(digitsText.endIndex, offsetBy: -digits))
        }
        return (negative ? "-" : "") + digitsText
    }

    /// A number as short as it can be: integers without a fraction, else up to 2 decimals.
    static func compact(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e12 { return String(Int(value)) }
        var text = fixed(value, 2)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// A percentage, e.g. `90%` or `23.5%`.
    static func pct(_ value: Double?) -> String { value.map { compact($0) + "%" } ?? "—" }

    /// 万元 amount, e.g. `1200 万元`.
    static func wan(_ value: Double?) -> String { value.map { compact($0) + " 万元" } ?? "—" }

    /// `text` cut to at most `width` display units (CJK characters count 2, others 1), with an
    /// ellipsis when cut. Returns the text and whether it was cut.
    static func clip(_ text: String, width: Int) -> (text: String, clipped: Bool) {
        guard displayWidth(text) > width else { return (text, false) }
        var out = String.UnicodeScalarView()
        var used = 0
        for scalar in text.unicodeScalars {
            let w = displayWidth(of: scalar)
            if used + w > width - 2 { break }
            out.append(scalar); used += w
        }
        return (String(out) + "…", true)
    }

    /// Display width: 2 for wide (CJK, full-width) characters, 1 otherwise, 0 for combining marks.
    ///
    /// - Complexity: O(n) in unicode scalars (no grapheme breaking).
    static func displayWidth(_ text: String) -> Int { text.unicodeScalars.reduce(0) { $0 + displayWidth(of: $1) } }

    static func displayWidth(of scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: return 0
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD: return 2
        default: return 1
        }
    }

    /// A stable HTML id fragment from an identifier (ASCII letters and digits kept, others as hex).
    static func anchor(_ id: String) -> String {
        var out = ""
        for scalar in id.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" {
                out.unicodeScalars.append(scalar)
            } else {
                out += "_" + String(scalar.value, radix: 16)
            }
        }
        return out
    }
}
