/// Parsers for the value forms of the exchange format (dates, amounts, percentages,
/// booleans, counts). Each takes the trimmed cell text (never empty: an empty cell is
/// "unknown" and handled by the caller) and returns the value or throws a
/// ``FieldError`` saying what was expected.
public enum FieldParser {
    /// `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYYMMDD`, `YYYY年M月D日` (month and day may be one digit
    /// in the slash and 年月日 forms).
    public static func date(_ text: String) throws(FieldError) -> LocalDate {
        let scalars = Array(text.unicodeScalars)
        var fields: [Int] = []
        if scalars.count == 8, scalars.allSatisfy({ $0.properties.numericType != nil && $0.isASCII }) {
            let digits = Array(text.utf8).map { Int($0 - 48) }
            fields = [digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3],
                      digits[4] * 10 + digits[5], digits[6] * 10 + digits[7]]
        } else {
            var current = ""
            var separators: [Character] = []
            // The year as written: four digits (`02024-1-01` was read as 2024; found by fuzzing).
            var yearDigits = 0
            for character in text {
                if character.isASCII, character.isNumber {
                    current.append(character)
                } else {
                    guard !current.isEmpty, let value = Int(current) else { throw .expected("a date (YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD or YYYY年M月D日)") }
                    if fields.isEmpty { yearDigits = current.count }
                    fields.append(value); separators.append(character); current = ""
                }
            }
            if !current.isEmpty, let value = Int(current) { fields.append(value) }
            let valid: Bool
            switch separators {
            case ["-", "-"]: valid = current.count == 2 && fields.count == 3 && text.count == 10
            case ["/", "/"]: valid = fields.count == 3 && !current.isEmpty
            case ["年", "月", "日"]: valid = fields.count == 3 && current.isEmpty
            default: valid = false
            }
            guard valid, yearDigits == 4 else {
                throw .expected("a date (YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD or YYYY年M月D日)")
            }
        }
        guard fields.count == 3, let date = LocalDate(year: fields[0], month: fields[1], day: fields[2]) else {
            throw .expected("a real calendar date")
        }
        return date
    }

    /// An amount in 万元: decimal, thousands separators allowed, optional trailing unit
    /// `万`, `万元`, `亿`, `亿元` (1亿 = 10000万).
    public static func amount(_ text: String) throws(FieldError) -> Double {
        var body = Substring(text)
        var factor = 1.0
        for (suffix, multiplier) in [("万元", 1.0), ("亿元", 10_000.0), ("万", 1.0), ("亿", 10_000.0)] where body.hasSuffix(suffix) {
            body = body.dropLast(suffix.count)
            factor = multiplier
            break
        }
        let trimmed = body.trimmingSpaces()
        guard let value = decimal(trimmed, allowThousands: true), value >= 0, (value * factor).isFinite else {
            throw .expected("an amount in 万元 (e.g. 1,200.5 or 3亿)")
        }
        return value * factor
    }

    /// A percentage 0–100, optional trailing `%`.
    public static func percent(_ text: String) throws(FieldError) -> Double {
        var body = Substring(text)
        if body.hasSuffix("%") || body.hasSuffix("％") { body = body.dropLast() }
        guard let value = decimal(body.trimmingSpaces(), allowThousands: false) else {
            throw .expected("a percentage between 0 and 100")
        }
        guard value >= 0, value <= 100 else { throw .outOfRange("a percentage must be between 0 and 100") }
        return value
    }

    /// A percentage per year (e.g. promised yield): decimal ≥ 0, optional `%`, no upper bound.
    ///
    /// At most ``maximumRate`` (100,000 % a year): a larger figure is no promise a scheme
    /// makes but a slip (an amount in the wrong column, a lost decimal point), and scores
    /// could not show it (found by fuzzing: 1e39 read `超出 null 个百分点`).
    public static func rate(_ text: String) throws(FieldError) -> Double {
        var body = Substring(text)
        if body.hasSuffix("%") || body.hasSuffix("％") { body = body.dropLast() }
        guard let value = decimal(body.trimmingSpaces(), allowThousands: false), value >= 0 else {
            throw .expected("a rate in percent per year (e.g. 12 or 12%)")
        }
        guard value <= maximumRate else {
            throw .expected("a rate in percent per year of at most 100000 (e.g. 12 or 12%)")
        }
        return value
    }

    /// The largest promised yield read, in percent per year.
    public static let maximumRate = 100_000.0

    /// `1/0`, `true/false`, `yes/no`, `是/否` (case-insensitive).
    public static func bool(_ text: String) throws(FieldError) -> Bool {
        switch text.lowercased() {
        case "1", "true", "yes", "是", "y", "t": return true
        case "0", "false", "no", "否", "n", "f": return false
        default: throw .expected("a boolean (1/0, true/false, yes/no, 是/否)")
        }
    }

    /// A non-negative whole number; thousands separators allowed.
    public static func count(_ text: String) throws(FieldError) -> Int {
        let digits = String(text.filter { $0 != "," })
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int(digits) else {
            throw .expected("a whole number")
        }
        return value
    }

    /// A sentiment score between -1 and 1.
    public static func sentiment(_ text: String) throws(FieldError) -> Double {
        guard let value = Double(text), value.isFinite else { throw .expected("a number between -1.0 and 1.0") }
        guard value >= -1, value <= 1 else { throw .outOfRange("sentiment must be between -1.0 and 1.0") }
        return value
    }

    /// Plain decimal: digits, optional sign-free fraction; `allowThousands` accepts `1,200.5`.
    static func decimal(_ text: Substring, allowThousands: Bool) -> Double? {
        var cleaned = ""
        var sawDigit = false, sawDot = false
        let utf8 = Array(text.utf8)
        for (index, byte) in utf8.enumerated() {
            switch byte {
            case 48...57: cleaned.unicodeScalars.append(Unicode.Scalar(byte)); sawDigit = true
            case 46:
                guard !sawDot, sawDigit, index + 1 < utf8.count else { return nil }
                sawDot = true; cleaned.append(".")
            case 44:
                // A thousands separator must be followed by exactly three digits.
                guard allowThousands, sawDigit, !sawDot, index + 3 < utf8.count || index + 3 == utf8.count else { return nil }
                let next = utf8[(index + 1)...].prefix(while: { $0 >= 48 && $0 <= 57 })
                guard next.count == 3 else { return nil }
            default: return nil
            }
        }
        // Too many digits read as infinity: that is no number a field can hold.
        guard sawDigit, let value = Double(cleaned), value.isFinite else { return nil }
        return value
    }
}

/// Why a cell's text is not a valid value.
public enum FieldError: Error, Equatable, Sendable, CustomStringConvertible {
    case expected(String)
    case outOfRange(String)

    public var description: String {
        switch self {
        case .expected(let what): return "expected \(what)"
        case .outOfRange(let what): return what
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs, CR, LF and ideographic spaces.
    public func trimmingSpaces() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" || $0 == "\u{3000}" }
        let string = Substring(self)
        guard let first = string.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = string.lastIndex(where: { !isSpace($0) })!
        return string[first...last]
    }
}
