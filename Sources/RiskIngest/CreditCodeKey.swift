import RiskDomain
import RiskStore

/// A valid credit code packed into 90 bits (5 bits per character): a compact, exact set
/// element for the "does this company exist" check over a million companies.
struct CreditCodeKey: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    /// Character value (index in the 31-character alphabet), or -1.
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, character) in CreditCode.alphabet.enumerated() {
            if let ascii = character.asciiValue { table[Int(ascii)] = Int8(index) }
        }
        return table
    }()
    private static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// The key with these packed words (as a ``CreditCodeTable`` stores it).
    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The key of `text` when it is a valid credit code (check character included), else nil.
    ///
    /// The same rule as ``CreditCode/init(validating:)`` with a table lookup per byte
    /// instead of a dictionary: this runs for every row of every file.
    init?(validating text: String) {
        var text = text
        guard let key = text.withUTF8({ Self(bytes: $0) }) else { return nil }
        self = key
    }

    /// The key of the UTF-8 `bytes` when they are a valid credit code, else nil.
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 18 else { return nil }
        var sum = 0, high: UInt64 = 0, low: UInt64 = 0
        for position in 0..<18 {
            let value = Int(Self.values[Int(bytes[position])])
            guard value >= 0 else { return nil }
            if position < 17 { sum += value * Self.weights[position] }
            if position < 9 { high = high << 5 | UInt64(value) } else { low = low << 5 | UInt64(value) }
        }
        guard Int(Self.values[Int(bytes[17])]) == (31 - sum % 31) % 31 else { return nil }
        self.high = high
        self.low = low
    }
}

/// FNV-1a, 64 bits: a fast, deterministic hash of a row's values (duplicate detection).
struct RowHasher {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always) mutating func add(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { bytes in for byte in bytes { add(byte: byte) } }
        add(byte: 0xFF)   // never in UTF-8: separates values
    }

    mutating func add(bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes { add(byte: byte) }
        add(byte: 0xFF)
    }

    /// Adds column `index` of `row`, exactly as ``add(_:)-(StoredValue)`` adds its value.
    mutating func add(_ row: ImportRow, _ index: Int) {
        switch row.tags[index] {
        case .null: add(byte: 0xFE); add(byte: 0xFF)
        case .text: add(byte: 1); row.withText(index) { add(bytes: $0) }
        case .real: add(bits: row.real(index).bitPattern, tag: 2)
        case .integer: add(bits: UInt64(bitPattern: row.integer(index)), tag: 3)
        }
    }

    mutating func add(_ stored: StoredValue) {
        switch stored {
        case .null: add(byte: 0xFE); add(byte: 0xFF)
        case .text(let text): add(byte: 1); add(text)
        case .real(let number): add(bits: number.bitPattern, tag: 2)
        case .integer(let number): add(bits: UInt64(bitPattern: number), tag: 3)
        }
    }

    private mutating func add(bits: UInt64, tag: UInt8) {
        add(byte: tag)
        var bits = bits
        for _ in 0..<8 { add(byte: UInt8(truncatingIfNeeded: bits)); bits >>= 8 }
        add(byte: 0xFF)
    }
}
