import RiskDomain
import RiskStore

/// Reads one trimmed, non-empty cell into the value stored for it, or says why it cannot.
///
/// Company references are checked for existence by the importer, which knows the
/// companies; here a reference is only checked as a credit code.
enum CellParser {
    /// The stored value of `text` read as `type`, or the reason it is rejected.
    static func parse(_ text: String, as type: CellType) -> CellOutcome {
        do throws(FieldError) {
            switch type {
            case .text:
                return .value(.text(text))
            case .ownCreditCode, .companyReference, .parentCode:
                if CreditCodeKey(validating: text) != nil { return .value(.text(text)) }
                do {
                    _ = try CreditCode(validating: text)
                    return .value(.text(text))
                } catch {
                    return .rejected("not a valid credit code: \(error)")
                }
            case .date:
                if isISODate(text) { return .value(.text(text)) }
                return .value(.text(try FieldParser.date(text).iso))
            case .amount:
                if let number = plainDecimal(text) { return .value(.real(number)) }
                return .value(.real(try FieldParser.amount(normalizedDecimal(text))))
            case .percent:
                if let number = plainDecimal(text), number <= 100 { return .value(.real(number)) }
                return .value(.real(try FieldParser.percent(normalizedDecimal(text))))
            case .rate:
                return .value(.real(try FieldParser.rate(normalizedDecimal(text))))
            case .bool, .label:
                return .value(.integer(try FieldParser.bool(text) ? 1 : 0))
            case .count:
                return .value(.integer(Int64(try FieldParser.count(text))))
            case .sentiment:
                return .value(.real(try FieldParser.sentiment(text)))
            case .regionCode:
                guard text.utf8.count == 6, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                    return .rejected("expected a 6-digit administrative division code")
                }
                return .value(.text(text))
            case .vocabulary(let parse, let expected):
                guard let code = parse(text) else { return .rejected("expected \(expected)") }
                return .value(.text(code))
            }
        } catch {
            return .rejected(error.description)
        }
    }

    /// Fast path for the common form `YYYY-MM-DD` (then the text is already the stored form).
    static func isISODate(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes -> Bool in
            guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return false }
            var fields = [0, 0, 0], field = 0
            for (index, byte) in bytes.enumerated() where index != 4 && index != 7 {
                guard byte >= 0x30, byte <= 0x39 else { return false }
                if index == 5 || index == 8 { field += 1 }
                fields[field] = fields[field] * 10 + Int(byte - 0x30)
            }
            return LocalDate(year: fields[0], month: fields[1], day: fields[2]) != nil
        }
    }

    /// Fast path for a plain decimal `123` or `12.5` (ASCII digits, at most one inner
    /// point, at most 15 characters); nil for every other form, which ``FieldParser`` reads.
    static func plainDecimal(_ text: String) -> Double? {
        var text = text
        let plain = text.withUTF8 { bytes -> Bool in
            guard !bytes.isEmpty, bytes.count <= 15, bytes[0] != 0x2E, bytes[bytes.count - 1] != 0x2E else { return false }
            var points = 0
            for byte in bytes {
                if byte == 0x2E { points += 1; continue }
                guard byte >= 0x30, byte <= 0x39 else { return false }
            }
            return points <= 1
        }
        return plain ? Double(text) : nil
    }

    /// Accepts a leading or trailing decimal point (`.5` → `0.5`, `100.` → `100`), which
    /// spreadsheets write and ``FieldParser`` does not read; the unit or `%` may follow.
    static func normalizedDecimal(_ text: String) -> String {
        var result = text
        if result.hasPrefix(".") { result = "0" + result }
        // A point right before the end, a `%` or a unit: drop it.
        if let dot = result.firstIndex(of: "."), dot > result.startIndex {
            let after = result[result.index(after: dot)...]
            if after.isEmpty || !(after.first!.isASCII && after.first!.isNumber) {
                let before = result[result.index(before: dot)]
                if before.isASCII, before.isNumber { result.remove(at: dot) }
            }
        }
        return result
    }
}

/// A cell read: its stored value, or why it is rejected.
enum CellOutcome {
    case value(StoredValue)
    case rejected(String)
}
