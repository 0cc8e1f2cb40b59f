/// Numbers the rows of one file that share a natural key, and spots exact duplicates.
///
/// Within a file, rows with the same key but different fields get occurrence 0, 1, …
/// in file order; a row identical (after parsing) to an earlier one is a duplicate.
/// Keys and rows are kept as 64-bit hashes (``RowHasher``): a key collision (≈ n²/2⁶⁵, about
/// 10⁻⁷ for three million keys) can only shift an occurrence number, never merge two
/// different rows, because a duplicate also needs the 64-bit row hashes to be equal.
///
/// - Complexity: O(1) expected per row; memory about 40 bytes per distinct key.
struct OccurrenceTracker {
    private struct Slot {
        var firstRow: UInt64
        var count: Int32
        /// Index into `more` of the other row hashes, or -1.
        var more: Int32
    }
    private var slots: [UInt64: Slot] = [:]
    private var more: [[UInt64]] = []

    /// Returns the occurrence for a row with `key` and content `row`, or nil when an
    /// identical row was seen before.
    mutating func occurrence(key: UInt64, row: UInt64) -> Int? {
        guard var slot = slots[key] else {
            slots[key] = Slot(firstRow: row, count: 1, more: -1)
            return 0
        }
        if slot.firstRow == row { return nil }
        if slot.more >= 0 {
            if more[Int(slot.more)].contains(row) { return nil }
            more[Int(slot.more)].append(row)
        } else {
            slot.more = Int32(more.count)
            more.append([row])
        }
        let occurrence = Int(slot.count)
        slot.count += 1
        slots[key] = slot
        return occurrence
    }
}
