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

    /// Reads the trimmed, non-empty, valid UTF-8 `bytes` of a cell into column `index` of
    /// `row`; returns nil when stored, else the reason the cell is rejected.
    ///
    /// The common forms (free text, valid credit codes, ISO dates, plain decimals) are
    /// read from the bytes without making a `String`; every other form goes through
    /// ``parse(_:as:)``, so both paths accept and reject exactly the same cells.
    static func parse(bytes: UnsafeBufferPointer<UInt8>, as type: CellType, into row: inout ImportRow, at index: Int) -> String? {
        switch type {
        case .text:
            row.setText(index, bytes: bytes)
            return nil
        case .ownCreditCode, .companyReference, .parentCode:
            if CreditCodeKey(bytes: bytes) != nil { row.setText(index, bytes: bytes); return nil }
        case .date:
            if isISODate(bytes) { row.setText(index, bytes: bytes); return nil }
        case .amount:
            if let number = plainDecimal(bytes) { row.setReal(index, number); return nil }
        case .percent:
            if let number = plainDecimal(bytes), number <= 100 { row.setReal(index, number); return nil }
        case .vocabulary(let parse, let expected):
            guard let code = parse(String(decoding: bytes, as: UTF8.self)) else { return "expected \(expected)" }
            row.setText(index, code)
            return nil
        default:
            break
        }
        switch parse(String(decoding: bytes, as: UTF8.self), as: type) {
        case .value(let value):
            row.set(index, value)
            return nil
        case .rejected(let reason):
            return reason
        }
    }

    /// Fast path for the common form `YYYY-MM-DD` (then the text is already the stored form).
    static func isISODate(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isISODate($0) }
    }

    /// ``isISODate(_:)-(String)`` over UTF-8 bytes.
    static func isISODate(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return false }
        var year = 0, month = 0, day = 0
        for index in 0..<10 where index != 4 && index != 7 {
            let byte = bytes[index]
            guard byte >= 0x30, byte <= 0x39 else { return false }
            let digit = Int(byte - 0x30)
            if index < 4 { year = year * 10 + digit } else if index < 7 { month = month * 10 + digit } else { day = day * 10 + digit }
        }
        return LocalDate(year: year, month: month, day: day) != nil
    }

    /// Fast path for a plain decimal `123` or `12.5` (ASCII digits, at most one inner
    /// point, at most 15 characters); nil for every other form, which ``FieldParser`` reads.
    static func plainDecimal(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { plainDecimal($0) }
    }

    /// ``plainDecimal(_:)-(String)`` over UTF-8 bytes (the text is at most 15 bytes, so
    /// the `String` handed to `Double` is a small string, not an allocation).
    static func plainDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !bytes.isEmpty, bytes.count <= 15, bytes[0] != 0x2E, bytes[bytes.count - 1] != 0x2E else { return nil }
        var points = 0
        for byte in bytes {
            if byte == 0x2E { points += 1; continue }
            guard byte >= 0x30, byte <= 0x39 else { return nil }
        }
        guard points <= 1 else { return nil }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    /// Accepts a leading or trailing decimal point (`.5` → `0.5`, `100.` → `100`), which
    /// spreadsheets write and ``FieldParser`` does not read; the unit or `%` may follow.
    /// The point needs a digit beside it: a lone `.` (or `.%`, `.万`) is left as it is, and
    /// ``FieldParser`` rejects it (it was read as 0).
    static func normalizedDecimal(_ text: String) -> String {
        var result = text
        if result.hasPrefix("."), let next = result.dropFirst().first, next.isASCII, next.isNumber { result = "0" + result }
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
