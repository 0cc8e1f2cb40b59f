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

/// A fast, deterministic 64-bit hash of a row's values (duplicate detection, occurrence
/// keys, person pairs): xxHash64's lane round and avalanche over the values' bytes eight
/// at a time. Each value is preceded by a word of its type tag and byte length, so value
/// boundaries are unambiguous and a short value's zero-padded last word cannot be
/// confused with a longer one.
///
/// Hand-written: the standard library's `Hasher` is seeded per process (not
/// deterministic) and SipHash; the FNV-1a this replaces took one multiply per byte, about
/// 0.5 s of the companies file's parse at a million companies (a 400-byte row), the part
/// of an import nothing else overlaps.
struct RowHasher {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    private var state: UInt64 = RowHasher.prime5

    /// The hash of everything added so far.
    var value: UInt64 {
        var h = state
        h ^= h >> 33; h = h &* Self.prime2
        h ^= h >> 29; h = h &* Self.prime3
        h ^= h >> 32
        return h
    }

    @inline(__always) private static func rotate(_ x: UInt64, _ r: UInt64) -> UInt64 { x << r | x >> (64 - r) }

    /// xxHash64's step for one 8-byte lane of the input.
    @inline(__always) private mutating func mix(_ word: UInt64) {
        state ^= Self.rotate(word &* Self.prime2, 31) &* Self.prime1
        state = Self.rotate(state, 27) &* Self.prime1 &+ Self.prime4
    }

    @inline(__always) private mutating func header(tag: UInt8, length: Int) {
        mix(UInt64(tag) << 56 | UInt64(truncatingIfNeeded: length) & 0x00FF_FFFF_FFFF_FFFF)
    }

    @inline(__always) private mutating func mixBytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            mix(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        if offset < bytes.count {
            var last: UInt64 = 0, shift: UInt64 = 0
            while offset < bytes.count { last |= UInt64(base[offset]) << shift; shift += 8; offset += 1 }
            mix(last)
        }
    }

    /// Adds a run of bytes (one value: its length is part of the hash).
    mutating func add(bytes: UnsafeBufferPointer<UInt8>) {
        header(tag: 0, length: bytes.count)
        mixBytes(bytes)
    }

    /// Adds column `index` of `row`, exactly as ``add(_:)`` adds its value.
    mutating func add(_ row: ImportRow, _ index: Int) {
        switch row.tags[index] {
        case .null: header(tag: 0xFE, length: 0)
        case .text: row.withText(index) { bytes in header(tag: 1, length: bytes.count); mixBytes(bytes) }
        case .real: header(tag: 2, length: 8); mix(row.real(index).bitPattern)
        case .integer: header(tag: 3, length: 8); mix(UInt64(bitPattern: row.integer(index)))
        }
    }

    /// Adds one stored value.
    mutating func add(_ stored: StoredValue) {
        switch stored {
        case .null: header(tag: 0xFE, length: 0)
        case .text(var text): text.withUTF8 { bytes in header(tag: 1, length: bytes.count); mixBytes(bytes) }
        case .real(let number): header(tag: 2, length: 8); mix(number.bitPattern)
        case .integer(let number): header(tag: 3, length: 8); mix(UInt64(bitPattern: number))
        }
    }
}
