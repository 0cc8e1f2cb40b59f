/// Interns byte strings (UTF-8 keys) to dense `Int32` ids: an append-only byte arena plus
/// an open-addressing hash table of ids.
///
/// Used by the graph build to give every node key an integer id without creating a Swift
/// `String` per row. Lookup and insertion are expected O(length of the key); the table
/// doubles when it is half full (amortised O(1) per insert).
struct ByteStringTable: Sendable {
    /// The bytes of every interned string, back to back.
    private(set) var arena: [UInt8] = []
    /// `offsets[i] ..< offsets[i + 1]` is string `i` in ``arena``.
    private(set) var offsets: [UInt32] = [0]
    private var slots: [Int32]
    private var mask: Int

    init(expectedCount: Int = 1024) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        arena.reserveCapacity(expectedCount * 18)
        offsets.reserveCapacity(expectedCount + 1)
    }

    /// Number of interned strings.
    var count: Int { offsets.count - 1 }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        // FNV-1a, 64 bit, with a final avalanche (keys share long prefixes).
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        h ^= h >> 29; h = h &* 0xbf58_476d_1ce4_e5b9; h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }

    @inline(__always)
    private func equals(_ id: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(offsets[Int(id)]), end = Int(offsets[Int(id) + 1])
        guard end - start == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { all in
            var i = 0
            while i < bytes.count { if all[start + i] != bytes[i] { return false }; i += 1 }
            return true
        }
    }

    /// The id of `bytes`, or nil.
    func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        var slot = Self.hash(bytes) & mask
        while true {
            let id = slots[slot]
            if id < 0 { return nil }
            if equals(id, bytes) { return id }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `text`, or nil.
    func find(_ text: String) -> Int32? {
        var copy = text
        return copy.withUTF8 { find($0) }
    }

    /// The id of `bytes`, interning it when new; `inserted` tells which.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (id: Int32, inserted: Bool) {
        var slot = Self.hash(bytes) & mask
        while true {
            let id = slots[slot]
            if id < 0 { break }
            if equals(id, bytes) { return (id, false) }
            slot = (slot + 1) & mask
        }
        let id = Int32(count)
        arena.append(contentsOf: bytes)
        offsets.append(UInt32(arena.count))
        slots[slot] = id
        if count * 2 > slots.count { grow() }
        return (id, true)
    }

    /// Interns `text`.
    mutating func intern(_ text: String) -> (id: Int32, inserted: Bool) {
        var copy = text
        return copy.withUTF8 { intern($0) }
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        var fresh = [Int32](repeating: -1, count: capacity)
        let newMask = capacity - 1
        arena.withUnsafeBufferPointer { all in
            for id in 0..<count {
                let start = Int(offsets[id]), end = Int(offsets[id + 1])
                let bytes = UnsafeBufferPointer(rebasing: all[start..<end])
                var slot = Self.hash(bytes) & newMask
                while fresh[slot] >= 0 { slot = (slot + 1) & newMask }
                fresh[slot] = Int32(id)
            }
        }
        slots = fresh
        mask = newMask
    }

    /// String `id` as a Swift `String`.
    func string(_ id: Int32) -> String {
        let start = Int(offsets[Int(id)]), end = Int(offsets[Int(id) + 1])
        return arena.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
    }
}

/// Append-only UTF-8 strings addressed by index (node names), without a hash table.
struct ByteStringList: Sendable {
    private(set) var arena: [UInt8] = []
    private(set) var offsets: [UInt32] = [0]

    init(expectedCount: Int = 1024) {
        arena.reserveCapacity(expectedCount * 24)
        offsets.reserveCapacity(expectedCount + 1)
    }

    var count: Int { offsets.count - 1 }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        arena.append(contentsOf: bytes)
        offsets.append(UInt32(arena.count))
    }

    mutating func append(_ text: String) {
        var copy = text
        copy.withUTF8 { append($0) }
    }

    func string(_ index: Int) -> String {
        let start = Int(offsets[index]), end = Int(offsets[index + 1])
        return arena.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
    }
}
