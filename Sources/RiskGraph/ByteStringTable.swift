import Foundation

/// Interns byte strings (UTF-8 keys) to dense `Int32` ids: an append-only byte arena plus
/// an open-addressing hash table whose slots hold the key's hash tag, arena offset, length
/// and id inline.
///
/// Used by the graph build to give every node key an integer id without creating a Swift
/// `String` per row. A lookup reads one slot (16 bytes) and, only when the 32-bit hash tag
/// and the length match, the key's bytes in the arena: one or two cache misses instead of
/// the slot → offsets → arena chain of three dependent loads. Lookup and insertion are
/// expected O(length of the key); the table doubles when it is half full (amortised O(1)
/// per insert), and is pre-sized from the expected count so a build usually never grows it.
/// Fixed-capacity raw memory for large hash tables and arenas, backed by an anonymous
/// mapping with transparent huge pages requested (`MADV_HUGEPAGE`): random probes into a
/// table of tens of megabytes then miss the TLB far less (each miss is a nested page walk
/// on a virtual machine). Falls back to ordinary pages where the kernel declines.
final class HugePageBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let capacity: Int
    private let mappedBytes: Int

    /// Uninitialised room for `capacity` elements of a trivial type.
    init(capacity: Int) {
        let huge = 2 << 20
        let bytes = max(huge, (max(1, capacity) * MemoryLayout<Element>.stride + huge - 1) / huge * huge)
        if let raw = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), raw != MAP_FAILED {
            #if os(Linux)
            _ = madvise(raw, bytes, 14 /* MADV_HUGEPAGE */)
            #endif
            base = raw.bindMemory(to: Element.self, capacity: capacity)
            mappedBytes = bytes
        } else {
            base = UnsafeMutablePointer<Element>.allocate(capacity: max(1, capacity))
            mappedBytes = 0
        }
        self.capacity = capacity
    }

    deinit {
        if mappedBytes > 0 { munmap(UnsafeMutableRawPointer(base), mappedBytes) } else { base.deallocate() }
    }
}

struct ByteStringTable: Sendable {
    /// One hash-table slot; `id < 0` marks an empty slot.
    struct Slot: Sendable {
        var tag: UInt32
        var length: UInt32
        var offset: UInt32
        var id: Int32
        static let empty = Slot(tag: 0, length: 0, offset: 0, id: -1)
    }

    /// The bytes of every interned string, back to back (`arenaCount` used).
    private var arena: HugePageBuffer<UInt8>
    private var arenaCount = 0
    /// `offsets[i] ..< offsets[i + 1]` is string `i` in ``arena``.
    private(set) var offsets: [UInt32] = [0]
    private var slots: HugePageBuffer<Slot>
    private var mask: Int

    init(expectedCount: Int = 1024, expectedBytesPerKey: Int = 18) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = Self.emptySlots(capacity)
        mask = capacity - 1
        arena = HugePageBuffer(capacity: max(4096, expectedCount * expectedBytesPerKey))
        offsets.reserveCapacity(expectedCount + 1)
    }

    /// The storage as plain parts, for ``GraphSnapshot``: the used arena bytes, the offsets,
    /// and the slot table.
    func parts() -> (arena: UnsafeBufferPointer<UInt8>, offsets: [UInt32], slots: UnsafeBufferPointer<Slot>) {
        (UnsafeBufferPointer(start: arena.base, count: arenaCount), offsets, UnsafeBufferPointer(start: slots.base, count: slots.capacity))
    }

    /// A table from the parts written by ``parts()``: `fillArena` and `fillSlots` copy the
    /// bytes into the given room (exactly `arenaCount` bytes and `slotCount` slots); a slot
    /// count that is not a power of two, or offsets that do not end at the arena's end, are
    /// refused (nil).
    init?(arenaCount: Int, offsets: [UInt32], slotCount: Int,
          fillArena: (UnsafeMutableRawBufferPointer) throws -> Void, fillSlots: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        guard slotCount >= 16, slotCount & (slotCount - 1) == 0, offsets.first == 0, offsets.last.map(Int.init) == arenaCount,
              (offsets.count - 1) * 2 <= slotCount else { return nil }
        arena = HugePageBuffer(capacity: max(4096, arenaCount))
        try fillArena(UnsafeMutableRawBufferPointer(start: arena.base, count: arenaCount))
        self.arenaCount = arenaCount
        self.offsets = offsets
        slots = HugePageBuffer(capacity: slotCount)
        try fillSlots(UnsafeMutableRawBufferPointer(start: slots.base, count: slotCount * MemoryLayout<Slot>.stride))
        mask = slotCount - 1
    }

    private static func emptySlots(_ capacity: Int) -> HugePageBuffer<Slot> {
        let table = HugePageBuffer<Slot>(capacity: capacity)
        table.base.initialize(repeating: .empty, count: capacity)
        return table
    }

    /// Copies the storage when it is shared (value semantics for the rare copy).
    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&slots) {
            let fresh = HugePageBuffer<Slot>(capacity: slots.capacity)
            fresh.base.initialize(from: slots.base, count: slots.capacity)
            slots = fresh
        }
        if !isKnownUniquelyReferenced(&arena) {
            let fresh = HugePageBuffer<UInt8>(capacity: arena.capacity)
            fresh.base.initialize(from: arena.base, count: arenaCount)
            arena = fresh
        }
    }

    /// Number of interned strings.
    var count: Int { offsets.count - 1 }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        // FNV-1a, 64 bit, over 8-byte words then the tail, with a final avalanche (keys
        // share long prefixes, so the avalanche spreads the low bits).
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        guard let base = bytes.baseAddress else { return h }
        let n = bytes.count
        var i = 0
        let raw = UnsafeRawPointer(base)
        while i + 8 <= n {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0x0000_0100_0000_01b3
            h ^= h >> 31
            i += 8
        }
        while i < n { h = (h ^ UInt64(base[i])) &* 0x0000_0100_0000_01b3; i += 1 }
        h ^= h >> 29; h = h &* 0xbf58_476d_1ce4_e5b9; h ^= h >> 32
        return h
    }

    @inline(__always)
    private static func same(_ arena: UnsafeBufferPointer<UInt8>, _ offset: UInt32, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let a = arena.baseAddress, let b = bytes.baseAddress else { return bytes.count == 0 }
        return memcmp(a + Int(offset), b, bytes.count) == 0
    }

    /// The slot position of `bytes` (found or the empty slot where it would go) and its id (-1 if absent).
    @inline(__always)
    private func probe(_ bytes: UnsafeBufferPointer<UInt8>, _ h: UInt64) -> (slot: Int, id: Int32) {
        let tag = UInt32(truncatingIfNeeded: h >> 32), length = UInt32(bytes.count)
        let table = slots.base, all = UnsafeBufferPointer(start: arena.base, count: arenaCount)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = table[slot]
            if entry.id < 0 { return (slot, -1) }
            if entry.tag == tag, entry.length == length, Self.same(all, entry.offset, bytes) { return (slot, entry.id) }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `bytes`, or nil.
    func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let id = probe(bytes, Self.hash(bytes)).id
        return id < 0 ? nil : id
    }

    /// The id of `text`, or nil.
    func find(_ text: String) -> Int32? {
        var copy = text
        return copy.withUTF8 { find($0) }
    }

    /// The id of `bytes`, interning it when new; `inserted` tells which.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (id: Int32, inserted: Bool) {
        let h = Self.hash(bytes)
        let (slot, found) = probe(bytes, h)
        if found >= 0 { return (found, false) }
        makeUnique()
        let id = Int32(count)
        let offset = UInt32(arenaCount)
        if arenaCount + bytes.count > arena.capacity {
            let fresh = HugePageBuffer<UInt8>(capacity: max(arena.capacity * 2, arenaCount + bytes.count))
            fresh.base.initialize(from: arena.base, count: arenaCount)
            arena = fresh
        }
        if let source = bytes.baseAddress { (arena.base + arenaCount).initialize(from: source, count: bytes.count) }
        arenaCount += bytes.count
        offsets.append(UInt32(arenaCount))
        slots.base[slot] = Slot(tag: UInt32(truncatingIfNeeded: h >> 32), length: UInt32(bytes.count), offset: offset, id: id)
        if count * 2 > slots.capacity { grow() }
        return (id, true)
    }

    /// Interns `text`.
    mutating func intern(_ text: String) -> (id: Int32, inserted: Bool) {
        var copy = text
        return copy.withUTF8 { intern($0) }
    }

    private mutating func grow() {
        let capacity = slots.capacity * 2
        let fresh = Self.emptySlots(capacity)
        let newMask = capacity - 1
        let table = fresh.base
        for index in 0..<slots.capacity {
            let entry = slots.base[index]
            guard entry.id >= 0 else { continue }
            // The tag holds the high hash bits only; rehash for the low bits.
            let h = Self.hash(UnsafeBufferPointer(start: arena.base + Int(entry.offset), count: Int(entry.length)))
            var slot = Int(truncatingIfNeeded: h) & newMask
            while table[slot].id >= 0 { slot = (slot + 1) & newMask }
            table[slot] = entry
        }
        slots = fresh
        mask = newMask
    }

    /// String `id` as a Swift `String`.
    func string(_ id: Int32) -> String {
        withBytes(id) { String(decoding: $0, as: UTF8.self) }
    }

    /// The bytes of string `id`, valid inside `body`.
    func withBytes<R>(_ id: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = Int(offsets[Int(id)]), end = Int(offsets[Int(id) + 1])
        return try withExtendedLifetime(arena) { try body(UnsafeBufferPointer(start: arena.base + start, count: end - start)) }
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

    /// A list from its stored parts (``GraphSnapshot``); nil when the offsets do not fit the arena.
    init?(arena: [UInt8], offsets: [UInt32]) {
        guard offsets.first == 0, offsets.last.map(Int.init) == arena.count else { return nil }
        self.arena = arena
        self.offsets = offsets
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
