/// The companies an import knows, by credit code: those stored before it and those its
/// companies files accept, each with the row that gave it (for duplicate and conflict
/// detection across all the import's companies files).
///
/// Hand-written rather than a `Set<CreditCodeKey>` and a per-file
/// `Dictionary<CreditCodeKey, …>`: every row of every file asks it once (a companies row
/// to note itself, a link or record row whether its company exists), and at a million
/// companies the standard collections' SipHash, two probes per companies row and their
/// rehashing cost about 2 s of the companies file's parse, the part of an import no other
/// work overlaps (measured with `perf` on `synth --companies 1000000`). Here a key is two
/// words already (``CreditCodeKey``), hashed with one multiply, and a slot holds the key
/// and its row: one probe per row, linear probing in one array, never more than half full.
/// - Complexity: expected O(1) per operation; 40 bytes per slot, 2–4 slots per key.
struct CreditCodeTable {
    /// One slot; `high == Slot.emptyMark` when empty (a key's `high` holds 9 characters of
    /// 5 bits, so it is below 2^45).
    private struct Slot {
        var high: UInt64
        var low: UInt64
        /// The row hash of the companies row that gave the key (0 for a stored company).
        var row: UInt64
        var line: Int
        /// The companies file of this import that gave the key (-1: stored before it).
        var file: Int32
        static let emptyMark = UInt64.max
        static let empty = Slot(high: emptyMark, low: 0, row: 0, line: 0, file: -1)
    }

    private var slots: [Slot]
    /// `64 - log2(slots.count)`: a hash's top bits index the table.
    private var shift: UInt64
    private(set) var count = 0

    /// A table with room for `expectedCount` keys before it first grows.
    init(expectedCount: Int = 0) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = [Slot](repeating: .empty, count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
    }

    /// Where `key` is, or the empty slot where it would go.
    @inline(__always)
    private func slotIndex(_ key: CreditCodeKey) -> (index: Int, found: Bool) {
        // Fibonacci hashing of the two words mixed: the top bits of the product depend on
        // every bit of both words, and credit codes differ mostly in their last characters.
        let hash = (key.high ^ (key.low &* 0x9E37_79B9_7F4A_7C15)) &* 0xC2B2_AE3D_27D4_EB4F
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash >> shift)
        return slots.withUnsafeBufferPointer { table in
            while true {
                let slot = table[index]
                if slot.high == Slot.emptyMark { return (index, false) }
                if slot.high == key.high, slot.low == key.low { return (index, true) }
                index = (index + 1) & mask
            }
        }
    }

    /// Whether `key` is known.
    func contains(_ key: CreditCodeKey) -> Bool { slotIndex(key).found }

    /// Adds a company stored before this import.
    mutating func insertStored(_ key: CreditCodeKey) {
        let (index, found) = slotIndex(key)
        if found { return }
        place(Slot(high: key.high, low: key.low, row: 0, line: 0, file: -1), at: index)
    }

    /// What ``note(_:row:line:file:)`` found.
    enum Note: Equatable {
        /// The key is new to this import's files (unknown, or stored before the import): now
        /// recorded with this row.
        case first
        /// Companies file `file` of this import (maybe the same file) gave the key before,
        /// at `line`, with a row of hash `row`.
        case repeated(row: UInt64, line: Int, file: Int)
    }

    /// Records that companies row `line` of file `file` (numbered from 0 within the import)
    /// gives `key`, with row hash `row`, unless a file of this import gave `key` already: a
    /// second file never replaces the first's row, it is compared with it.
    mutating func note(_ key: CreditCodeKey, row: UInt64, line: Int, file: Int) -> Note {
        let (index, found) = slotIndex(key)
        let entry = Slot(high: key.high, low: key.low, row: row, line: line, file: Int32(clamping: file))
        guard found else { place(entry, at: index); return .first }
        let earlier = slots[index]
        if earlier.file >= 0 { return .repeated(row: earlier.row, line: earlier.line, file: Int(earlier.file)) }
        slots[index] = entry
        return .first
    }

    /// Puts a new key into the empty slot `index`, growing the table when half full.
    private mutating func place(_ slot: Slot, at index: Int) {
        slots[index] = slot
        count += 1
        if count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: .empty, count: old.count * 2)
        shift -= 1
        for slot in old where slot.high != Slot.emptyMark {
            let index = slotIndex(CreditCodeKey(high: slot.high, low: slot.low)).index
            slots[index] = slot
        }
    }
}
