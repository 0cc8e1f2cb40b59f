import Foundation

/// Fixed-capacity raw memory for large hash tables and arenas, backed by an anonymous
/// mapping with transparent huge pages requested (`MADV_HUGEPAGE`): random probes into a
/// table of tens of megabytes then miss the TLB far less (each miss is a nested page walk
/// on a virtual machine). Falls back to ordinary pages where the kernel declines.
final class HugePageBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let capacity: Int
    private let mappedBytes: Int

    /// Uninitialised room for `capacity` elements of a trivial type. Less than one huge page
    /// is an ordinary allocation: a small graph's arrays and scratch columns would otherwise
    /// each commit a whole 2 MiB page.
    init(capacity: Int) {
        let huge = 2 << 20
        let needed = max(1, capacity) * MemoryLayout<Element>.stride
        let bytes = (needed + huge - 1) / huge * huge
        if needed >= huge, let raw = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), raw != MAP_FAILED {
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
        owner = nil
    }

    /// Keeps the memory of a view (``init(view:capacity:owner:)``) alive.
    private let owner: AnyObject?

    /// A read-only view of `capacity` elements at `view`, owned by `owner` (a mapped
    /// snapshot file); never written through and not freed here.
    init(view: UnsafePointer<Element>, capacity: Int, owner: AnyObject) {
        base = UnsafeMutablePointer(mutating: view)
        self.capacity = capacity
        mappedBytes = -1
        self.owner = owner
    }

    deinit {
        if mappedBytes > 0 { munmap(UnsafeMutableRawPointer(base), mappedBytes) } else if mappedBytes == 0 { base.deallocate() }
    }
}

/// Interns byte strings (UTF-8 keys) to dense `Int32` ids: an append-only byte arena (the
/// strings by id) plus an open-addressing hash table (linear probing, at most half full).
///
/// Keys of up to 16 bytes, and ASCII keys of 17 or 18 bytes (an 18-character unified
/// social credit code packs into 2 × 63 bits at 7 bits a character), are stored *inline*
/// in their 24-byte slot, so a lookup compares two words in the one slot it loads and
/// never reads the arena: one cache miss per probe. Longer keys keep their 64-bit hash
/// and arena offset in the slot and are compared in the arena. Hand-written rather than
/// a `Dictionary<String, Int32>`: no `String` per row, no per-key allocation, and the
/// storage is raw memory the graph snapshot writes and reads as it is.
/// - Complexity: lookup and insertion expected O(length of the key); the table doubles
///   when half full (amortised O(1) per insert) and is pre-sized from the expected count.
struct ByteStringTable: Sendable {
    /// One hash-table slot (24 bytes); `id < 0` marks an empty slot.
    ///
    /// Inline key: `word0`, `word1` the packed key, `length` its byte count. Arena key:
    /// `length` has ``arenaFlag`` set, `word0` is the key's hash and `word1` its arena offset.
    struct Slot: Sendable {
        var word0: UInt64
        var word1: UInt64
        var length: UInt32
        var id: Int32
        static let empty = Slot(word0: 0, word1: 0, length: 0, id: -1)
    }

    /// A key prepared for probing: its packed words (inline) or hash (arena), and its hash.
    struct PreparedKey {
        var word0: UInt64, word1: UInt64, length: UInt32, hash: UInt64
        var isInline: Bool { length & ByteStringTable.arenaFlag == 0 }
    }

    static let arenaFlag: UInt32 = 1 << 31

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

    /// A read-only table viewing a mapped snapshot file (``MappedFile``): `arenaCount`
    /// bytes at `arena`, `slotCount` slots at `slots`. Nil when the shape does not hold
    /// together (slot count a power of two, offsets from 0 to the arena's end, ascending).
    /// Slots are not checked here, which would read them all: a lookup checks the slot it
    /// uses (``probe(_:_:)``, ``find(_:)``), so a damaged file cannot make it read outside
    /// the arena. Such a table must not be interned into (the build never does).
    init?(arenaView arena: UnsafePointer<UInt8>, arenaCount: Int, offsets: [UInt32], slots: UnsafePointer<Slot>, slotCount: Int,
          owner: AnyObject) {
        guard slotCount >= 16, slotCount & (slotCount - 1) == 0, offsets.first == 0, offsets.last.map(Int.init) == arenaCount,
              (offsets.count - 1) * 2 <= slotCount else { return nil }
        let ascending = offsets.withUnsafeBufferPointer { o in
            for i in 1..<o.count where o[i] < o[i - 1] { return false }
            return true
        }
        guard ascending else { return nil }
        self.arena = HugePageBuffer(view: arena, capacity: max(1, arenaCount), owner: owner)
        self.arenaCount = arenaCount
        self.offsets = offsets
        self.slots = HugePageBuffer(view: slots, capacity: slotCount, owner: owner)
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

    /// The splitmix64 finaliser: a full avalanche of one word.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// The hash of a key that is not inline: FNV-1a over 8-byte words then the tail, avalanched.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
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
        return mix(h)
    }

    /// The hash of an inline key's words and length.
    @inline(__always)
    static func inlineHash(_ word0: UInt64, _ word1: UInt64, _ length: UInt32) -> UInt64 {
        mix(word0 ^ mix(word1 &+ UInt64(length) &* 0x9e37_79b9_7f4a_7c15))
    }

    /// `bytes` packed for probing: inline when at most 16 bytes (little-endian words, zero
    /// padded) or 17–18 ASCII bytes (7 bits each, nine to a word); else hashed.
    @inline(__always)
    static func prepare(_ bytes: UnsafeBufferPointer<UInt8>) -> PreparedKey {
        let n = bytes.count
        guard let base = bytes.baseAddress, n > 0 else { return PreparedKey(word0: 0, word1: 0, length: 0, hash: inlineHash(0, 0, 0)) }
        if n <= 16 {
            var words: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &words) { $0.baseAddress?.copyMemory(from: base, byteCount: n) }
            return PreparedKey(word0: words.0, word1: words.1, length: UInt32(n), hash: inlineHash(words.0, words.1, UInt32(n)))
        }
        if n <= 18 {
            var high: UInt8 = 0, w0: UInt64 = 0, w1: UInt64 = 0
            for i in 0..<9 { let b = base[i]; high |= b; w0 = w0 << 7 | UInt64(b) }
            for i in 9..<n { let b = base[i]; high |= b; w1 = w1 << 7 | UInt64(b) }
            if high < 0x80 { return PreparedKey(word0: w0, word1: w1, length: UInt32(n), hash: inlineHash(w0, w1, UInt32(n))) }
        }
        let h = hash(bytes)
        return PreparedKey(word0: h, word1: 0, length: UInt32(n) | arenaFlag, hash: h)
    }

    /// The slot position of `key` (found, or the empty slot where it would go) and its id (-1 if absent).
    @inline(__always)
    private func probe(_ key: PreparedKey, _ bytes: UnsafeBufferPointer<UInt8>) -> (slot: Int, id: Int32) {
        let table = slots.base
        var slot = Int(truncatingIfNeeded: key.hash) & mask
        // At most one pass round the table: only a damaged snapshot's table has no empty slot.
        var left = mask
        if key.isInline {
            while left >= 0 {
                let entry = table[slot]
                if entry.id < 0 { return (slot, -1) }
                if entry.word0 == key.word0, entry.word1 == key.word1, entry.length == key.length { return (slot, entry.id) }
                slot = (slot + 1) & mask
                left -= 1
            }
            return (slot, -1)
        }
        let length = Int(key.length & ~Self.arenaFlag)
        while left >= 0 {
            left -= 1
            let entry = table[slot]
            if entry.id < 0 { return (slot, -1) }
            if entry.word0 == key.word0, entry.length == key.length, entry.word1 <= UInt64(arenaCount), Int(entry.word1) + length <= arenaCount,
               let b = bytes.baseAddress, memcmp(arena.base + Int(entry.word1), b, length) == 0 { return (slot, entry.id) }
            slot = (slot + 1) & mask
        }
        return (slot, -1)
    }

    /// The id of `bytes`, or nil.
    func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let id = probe(Self.prepare(bytes), bytes).id
        return id < 0 || Int(id) >= count ? nil : id
    }

    /// The id of `text`, or nil.
    func find(_ text: String) -> Int32? {
        var copy = text
        return copy.withUTF8 { find($0) }
    }

    /// The id of `bytes`, interning it when new; `inserted` tells which.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (id: Int32, inserted: Bool) {
        let key = Self.prepare(bytes)
        let (slot, found) = probe(key, bytes)
        if found >= 0 { return (found, false) }
        return (insert(key, bytes, at: slot), true)
    }

    /// Adds `bytes` (not present; `slot` is the empty slot its probe ended at) as the next id.
    private mutating func insert(_ key: PreparedKey, _ bytes: UnsafeBufferPointer<UInt8>, at slot: Int) -> Int32 {
        makeUnique()
        let id = Int32(count)
        let offset = UInt64(arenaCount)
        if arenaCount + bytes.count > arena.capacity {
            let fresh = HugePageBuffer<UInt8>(capacity: max(arena.capacity * 2, arenaCount + bytes.count))
            fresh.base.initialize(from: arena.base, count: arenaCount)
            arena = fresh
        }
        if let source = bytes.baseAddress { (arena.base + arenaCount).initialize(from: source, count: bytes.count) }
        arenaCount += bytes.count
        offsets.append(UInt32(arenaCount))
        slots.base[slot] = Slot(word0: key.word0, word1: key.isInline ? key.word1 : offset, length: key.length, id: id)
        if count * 2 > slots.capacity { grow() }
        return id
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
            // Inline slots rehash from their words; arena slots keep their hash in word0.
            let h = entry.length & Self.arenaFlag == 0 ? Self.inlineHash(entry.word0, entry.word1, entry.length) : entry.word0
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

    var count: Int { offsets.count - 1 }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        arena.append(contentsOf: bytes)
        offsets.append(UInt32(arena.count))
    }

    mutating func append(_ text: String) {
        var copy = text
        copy.withUTF8 { append($0) }
    }

    /// The bytes of string `index`, valid inside `body`.
    func withBytes<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = Int(offsets[index]), end = Int(offsets[index + 1])
        return try arena.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    func string(_ index: Int) -> String {
        let start = Int(offsets[index]), end = Int(offsets[index + 1])
        return arena.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
    }

    /// True when `bytes` sort before string `index` in UTF-8 byte order (SQLite's BINARY
    /// collation), the order that picks a node's name among its spellings.
    func sortsBefore(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        withBytes(index) { bytes.lexicographicallyPrecedes($0) }
    }

    /// The list with the strings at the keys of `replacements` replaced (one copy).
    func replacing(_ replacements: [Int32: [UInt8]]) -> ByteStringList {
        guard !replacements.isEmpty else { return self }
        var copy = ByteStringList(expectedCount: count)
        for index in 0..<count {
            if let bytes = replacements[Int32(index)] { bytes.withUnsafeBufferPointer { copy.append($0) } } else { withBytes(index) { copy.append($0) } }
        }
        return copy
    }
}

/// The smallest spelling met of each string that was met with more than one (a person's or
/// outside holder's name differs between rows): kept apart from the list, applied once.
struct SmallestSpellings {
    private(set) var replacements: [Int32: [UInt8]] = [:]

    /// Notes `bytes` as a spelling of string `index` of `list`: kept when it sorts before the
    /// list's string and before any spelling kept for it.
    /// - Complexity: one comparison when `bytes` equal the list's string (the usual case).
    @inline(__always)
    mutating func note(_ bytes: UnsafeBufferPointer<UInt8>, for index: Int32, in list: ByteStringList) {
        guard list.sortsBefore(bytes, Int(index)) else { return }
        if let kept = replacements[index], !bytes.lexicographicallyPrecedes(kept) { return }
        replacements[index] = Array(bytes)
    }
}

/// The node names of a built graph, read-only: ``ByteStringList``'s arena and offsets as
/// ``GraphArray``s (owned after a build, a view of the mapped file after a snapshot load).
struct NameTable: Sendable {
    let arena: GraphArray<UInt8>
    let offsets: GraphArray<UInt32>

    /// The names of `list`, copied.
    init(_ list: ByteStringList) {
        arena = GraphArray(list.arena)
        offsets = GraphArray(list.offsets)
    }

    /// Names from stored parts; nil when the offsets do not run from 0 to the arena's end in
    /// ascending order (a damaged file: no name may be read outside the arena).
    init?(arena: GraphArray<UInt8>, offsets: GraphArray<UInt32>) {
        guard offsets.first == 0, offsets.last.map(Int.init) == arena.count else { return nil }
        let ascending = offsets.withUnsafeBufferPointer { o in
            for i in 1..<max(1, o.count) where o[i] < o[i - 1] { return false }
            return true
        }
        guard ascending else { return nil }
        self.arena = arena
        self.offsets = offsets
    }

    var count: Int { offsets.count - 1 }

    func string(_ index: Int) -> String {
        let start = Int(offsets[index]), end = Int(offsets[index + 1])
        return arena.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
    }
}
