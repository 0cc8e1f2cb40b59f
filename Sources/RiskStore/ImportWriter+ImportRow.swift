/// One record's values as the import binds them, without a `String` per cell: numbers are
/// kept inline and texts as byte ranges in one reusable arena, which the writer binds
/// straight to SQLite (`sqlite3_bind_text` with the arena's pointer and the length).
///
/// Reused for every row of a file: ``reset()`` keeps the arena's capacity, so reading a
/// row allocates nothing. Column positions are those of ``RecordTable/columns``.
///
/// The accessors are `@inlinable`: the importer (another module) calls them for every
/// cell, and as plain cross-module calls (generic closures unspecialised) they were
/// ~7 % of the parsing thread's CPU.
public struct ImportRow: Sendable {
    /// What a column holds.
    public enum Tag: UInt8, Sendable { case null, text, real, integer }

    /// What each column holds.
    @inlinable public var tags: [Tag] { storedTags }
    @usableFromInline var storedTags: [Tag]
    /// Bit patterns of the reals and integers.
    @usableFromInline var numbers: [UInt64]
    /// Text byte ranges in `arena`.
    @usableFromInline var starts: [Int]
    @usableFromInline var lengths: [Int]
    @usableFromInline var arena: [UInt8] = []

    /// A row of `count` null columns.
    public init(count: Int) {
        storedTags = Array(repeating: .null, count: count)
        numbers = Array(repeating: 0, count: count)
        starts = Array(repeating: 0, count: count)
        lengths = Array(repeating: 0, count: count)
        arena.reserveCapacity(4096)
    }

    @inlinable public var count: Int { tags.count }

    /// Empties the text arena (the tags are overwritten column by column).
    @inlinable public mutating func reset() { arena.removeAll(keepingCapacity: true) }

    @inlinable public mutating func setNull(_ index: Int) { storedTags[index] = .null }

    @inlinable public mutating func setText(_ index: Int, bytes: UnsafeBufferPointer<UInt8>) {
        storedTags[index] = .text
        starts[index] = arena.count
        lengths[index] = bytes.count
        arena.append(contentsOf: bytes)
    }

    public mutating func setText(_ index: Int, _ text: String) {
        storedTags[index] = .text
        starts[index] = arena.count
        let before = arena.count
        arena.append(contentsOf: text.utf8)
        lengths[index] = arena.count - before
    }

    @inlinable public mutating func setReal(_ index: Int, _ value: Double) {
        storedTags[index] = .real
        numbers[index] = value.bitPattern
    }

    @inlinable public mutating func setInteger(_ index: Int, _ value: Int64) {
        storedTags[index] = .integer
        numbers[index] = UInt64(bitPattern: value)
    }

    /// Stores a parsed value.
    public mutating func set(_ index: Int, _ value: StoredValue) {
        switch value {
        case .null: setNull(index)
        case .text(let text): setText(index, text)
        case .real(let number): setReal(index, number)
        case .integer(let number): setInteger(index, number)
        }
    }

    @inlinable public func real(_ index: Int) -> Double { Double(bitPattern: numbers[index]) }
    @inlinable public func integer(_ index: Int) -> Int64 { Int64(bitPattern: numbers[index]) }

    /// Calls `body` with the bytes of text column `index` (empty for a non-text column).
    @inlinable public func withText<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard tags[index] == .text else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        let start = starts[index], length = lengths[index]
        return try arena.withUnsafeBufferPointer { bytes in
            try body(UnsafeBufferPointer(rebasing: bytes[start..<start + length]))
        }
    }

    /// The text of column `index` as a `String` (nil for a non-text column).
    public func text(_ index: Int) -> String? {
        guard tags[index] == .text else { return nil }
        return withText(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// True when column `index` is the text `ascii`.
    @inlinable public func textEquals(_ index: Int, _ ascii: StaticString) -> Bool {
        guard tags[index] == .text, lengths[index] == ascii.utf8CodeUnitCount else { return false }
        let start = starts[index]
        return arena.withUnsafeBufferPointer { bytes in
            let expected = ascii.utf8Start
            for offset in 0..<ascii.utf8CodeUnitCount where bytes[start + offset] != expected[offset] { return false }
            return true
        }
    }

    /// The value of column `index` (for tests and slow paths).
    public func value(_ index: Int) -> StoredValue {
        switch tags[index] {
        case .null: return .null
        case .text: return .text(text(index) ?? "")
        case .real: return .real(real(index))
        case .integer: return .integer(integer(index))
        }
    }

    /// Text range of column `index` in ``arena``.
    func textRange(_ index: Int) -> (start: Int, length: Int) { (starts[index], lengths[index]) }
}
