import RiskDomain

/// The rows ``ImportWriter`` keeps to the end of a file (see ``ImportWriter/finishFile()``),
/// packed back to back in one buffer: per column a tag byte, then 8 bytes for a number or a
/// 4-byte length and the bytes for a text. A kept ``ImportRow`` held its whole reusable text
/// buffer (4 KiB): about 5 KB a row, 1.1 GB for the 200k changed rows of a file without
/// `since` (found by review); packed, a shareholding row takes about 100 bytes.
struct PackedRows {
    private var bytes: [UInt8] = []
    /// Row `i` is `bytes[starts[i] ..< ends[i]]`; its columns but the last (the occurrence, the
    /// row's place in its file) end at `contentEnds[i]`.
    private var starts: [Int] = [], contentEnds: [Int] = [], ends: [Int] = []
    private(set) var kinds: [RecordKind] = []
    private(set) var lines: [Int] = []

    var count: Int { starts.count }
    var isEmpty: Bool { starts.isEmpty }

    mutating func append(_ row: ImportRow, kind: RecordKind, line: Int) {
        starts.append(bytes.count)
        for index in 0..<row.count {
            if index == row.count - 1 { contentEnds.append(bytes.count) }
            let tag = row.storedTags[index]
            bytes.append(tag.rawValue)
            switch tag {
            case .null: break
            case .real, .integer: withUnsafeBytes(of: row.numbers[index].littleEndian) { bytes.append(contentsOf: $0) }
            case .text:
                let range = row.textRange(index)
                withUnsafeBytes(of: UInt32(range.length).littleEndian) { bytes.append(contentsOf: $0) }
                bytes.append(contentsOf: row.arena[range.start ..< range.start + range.length])
            }
        }
        if row.count == 0 { contentEnds.append(bytes.count) }
        ends.append(bytes.count)
        kinds.append(kind)
        lines.append(line)
    }

    /// Row `i` into `row`, which has the kind's column count.
    func unpack(_ i: Int, into row: inout ImportRow) {
        row.reset()
        var offset = starts[i]
        func load(_ width: Int) -> UInt64 {
            var value: UInt64 = 0
            for k in 0..<width { value |= UInt64(bytes[offset + k]) << (8 * UInt64(k)) }
            offset += width
            return value
        }
        for index in 0..<row.count {
            let tag = ImportRow.Tag(rawValue: bytes[offset]) ?? .null
            offset += 1
            switch tag {
            case .null: row.setNull(index)
            case .real: row.setReal(index, Double(bitPattern: load(8)))
            case .integer: row.setInteger(index, Int64(bitPattern: load(8)))
            case .text:
                let length = Int(load(4))
                bytes.withUnsafeBufferPointer { buffer in
                    row.setText(index, bytes: UnsafeBufferPointer(rebasing: buffer[offset ..< offset + length]))
                }
                offset += length
            }
        }
    }

    /// True when row `a`'s columns but the occurrence sort before row `b`'s, byte for byte:
    /// an order of the rows' contents, whatever their lines.
    func contentPrecedes(_ a: Int, _ b: Int) -> Bool {
        bytes[starts[a] ..< contentEnds[a]].lexicographicallyPrecedes(bytes[starts[b] ..< contentEnds[b]])
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true); contentEnds.removeAll(keepingCapacity: true); ends.removeAll(keepingCapacity: true)
        kinds.removeAll(keepingCapacity: true); lines.removeAll(keepingCapacity: true)
    }
}
