/// A unified social credit code (统一社会信用代码, GB 32100-2015).
///
/// 18 characters from `0123456789ABCDEFGHJKLMNPQRTUWXY`; character 18 is a check
/// character over characters 1–17; characters 3–8 are the registering authority's
/// administrative division code. A `CreditCode` value is always valid: build it with
/// ``init(validating:)`` which throws ``CreditCodeError`` on bad input.
public struct CreditCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 18 characters, upper case as written (no case folding: the standard has none).
    public let rawValue: String

    /// The 31-character alphabet; a character's value is its index.
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    static let valueOf: [UInt8: Int] = {
        var table: [UInt8: Int] = [:]
        for (index, character) in alphabet.enumerated() { table[character.asciiValue!] = index }
        return table
    }()

    /// Validates `text` (already trimmed) and returns the code, or throws the reason it is wrong.
    public init(validating text: String) throws(CreditCodeError) {
        let bytes = Array(text.utf8)
        guard bytes.count == 18 else {
            // 18 characters but not 18 bytes: some are not ASCII (a full-width ９ typed on a
            // Chinese keyboard). Name the first, not "has 18 characters, this one has 18".
            if text.count == 18, let index = text.firstIndex(where: { !$0.isASCII }) {
                throw .invalidCharacter(position: text.distance(from: text.startIndex, to: index) + 1)
            }
            throw .wrongLength(text.count)
        }
        var sum = 0
        for position in 0..<17 {
            guard let value = Self.valueOf[bytes[position]] else {
                throw .invalidCharacter(position: position + 1)
            }
            sum += value * Self.weights[position]
        }
        guard let last = Self.valueOf[bytes[17]] else { throw .invalidCharacter(position: 18) }
        let expected = (31 - sum % 31) % 31
        guard last == expected else {
            throw .wrongCheckCharacter(expected: Self.alphabet[expected])
        }
        rawValue = text
    }

    /// True for 18 ASCII letters and digits (either case): the shape of a credit code, valid
    /// or not. Such a text is read as a code, not a name, where both may be given.
    public static func hasCodeShape(_ text: String) -> Bool {
        text.utf8.count == 18 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
    }

    /// `text` with full-width ASCII forms (U+FF01–U+FF5E: `９`, `Ｍ`) and the ideographic
    /// space folded to half width, as a code typed on a Chinese keyboard often is (names are
    /// folded the same way before matching). Other characters are kept.
    public static func halfWidth(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value == 0x3000 || (0xFF01...0xFF5E).contains($0.value) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x3000: out.append(" ")
            case 0xFF01...0xFF5E: out.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// True when `text` is a valid credit code.
    public static func isValid(_ text: String) -> Bool {
        (try? CreditCode(validating: text)) != nil
    }

    /// The check character for the first 17 characters of `body`, or nil when `body`
    /// is not 17 characters of the alphabet. Used by the synthetic-data generator.
    public static func checkCharacter(for body: String) -> Character? {
        let bytes = Array(body.utf8)
        guard bytes.count == 17 else { return nil }
        var sum = 0
        for position in 0..<17 {
            guard let value = valueOf[bytes[position]] else { return nil }
            sum += value * weights[position]
        }
        return alphabet[(31 - sum % 31) % 31]
    }

    /// Characters 3–8: the 6-digit administrative division code of the registering authority.
    public var regionCode: String {
        let characters = Array(rawValue)
        return String(characters[2..<8])
    }

    public var description: String { rawValue }
    public static func < (lhs: CreditCode, rhs: CreditCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Why a text is not a valid credit code.
public enum CreditCodeError: Error, Equatable, Sendable, CustomStringConvertible {
    case wrongLength(Int)
    case invalidCharacter(position: Int)
    case wrongCheckCharacter(expected: Character)

    /// The same in Chinese, for reports: 校验位错误（应为 B）. The useful detail (the check
    /// character that was expected, so a typo of a known code) was only in English (found by
    /// review).
    public var chinese: String {
        switch self {
        case .wrongLength(let count): return "应为 18 位，实为 \(count) 位"
        case .invalidCharacter(let position): return "第 \(position) 位字符不在 0-9A-HJ-NPQRTUWXY 之内"
        case .wrongCheckCharacter(let expected): return "校验位错误（应为 \(expected)）"
        }
    }

    public var description: String {
        switch self {
        case .wrongLength(let count):
            return "a credit code has 18 characters, this one has \(count)"
        case .invalidCharacter(let position):
            return "character \(position) is not one of 0-9A-HJ-NPQRTUWXY"
        case .wrongCheckCharacter(let expected):
            return "wrong check character (expected \(expected))"
        }
    }
}
