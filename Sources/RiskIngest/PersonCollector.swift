import RiskStore

/// The persons of an import into a database that holds none yet, collected by the
/// parser and handed to the writer sorted by `person_id`, once, after every file.
///
/// Why: written as they are met, persons land at random places of the `person` b-tree
/// (a `WITHOUT ROWID` table keyed by `person_id`) and, before schema v7, of its
/// `person_name` index; at 200k companies that cost ~10 µs per person on the writing thread.
/// Sorted, the table is only appended to, and any index of the person tables is dropped and
/// built once at the end (see ``ImportWriter/beginPersonBulkLoad()``; none since v7). The
/// outcome is the one of writing them one by one
/// (``ImportWriter/notePerson(id:name:file:line:)``): a person's row has the smallest
/// of its id's spellings (UTF-8 byte order), with the file and line of a row that spelt it
/// so; every other name of the same id is an alias.
///
/// Pairs are packed in one byte arena (id and name bytes) with one fixed-size entry each;
/// the sort compares an 8-byte big-endian prefix of the id first.
///
/// - Complexity: O(p log p) for p pairs; memory about 40 bytes plus the id and name per pair.
struct PersonCollector {
    private struct Entry {
        var prefix: UInt64
        var offset: Int
        var idLength: Int32
        var nameLength: Int32
        var file: Int32
        var line: Int
    }

    private var arena: [UInt8] = []
    private var entries: [Entry] = []
    private(set) var files: [String] = []

    var count: Int { entries.count }

    /// Starts the pairs of file `path` (pairs added after refer to it).
    mutating func startFile(_ path: String) { files.append(path) }

    /// Adds the pair (`id`, `name`) met at `line` of the current file (in file order).
    mutating func add(id: UnsafeBufferPointer<UInt8>, name: UnsafeBufferPointer<UInt8>, line: Int) {
        var prefix: UInt64 = 0
        for index in 0..<8 { prefix = prefix << 8 | UInt64(index < id.count ? id[index] : 0) }
        entries.append(Entry(prefix: prefix, offset: arena.count, idLength: Int32(id.count), nameLength: Int32(name.count),
                             file: Int32(files.count - 1), line: line))
        arena.append(contentsOf: id)
        arena.append(contentsOf: name)
    }

    /// Sorts the pairs by id bytes, then name bytes (equal pairs stay in the order added) and hands
    /// them over in ``PersonBatch``es of about `batchBytes`; empties the collector.
    mutating func drain(batchBytes: Int = 1 << 20, _ body: (PersonBatch) throws -> Void) rethrows {
        let arena = self.arena
        arena.withUnsafeBufferPointer { bytes in
            entries.sort { lhs, rhs in
                if lhs.prefix != rhs.prefix { return lhs.prefix < rhs.prefix }
                let left = UnsafeBufferPointer(rebasing: bytes[lhs.offset..<lhs.offset + Int(lhs.idLength)])
                let right = UnsafeBufferPointer(rebasing: bytes[rhs.offset..<rhs.offset + Int(rhs.idLength)])
                if !left.elementsEqual(right) { return left.lexicographicallyPrecedes(right) }
                // One id's spellings by name, so the person's name is the smallest, whatever
                // the files' row order (the first met named it; found by review).
                let leftName = UnsafeBufferPointer(rebasing: bytes[lhs.offset + Int(lhs.idLength)..<lhs.offset + Int(lhs.idLength) + Int(lhs.nameLength)])
                let rightName = UnsafeBufferPointer(rebasing: bytes[rhs.offset + Int(rhs.idLength)..<rhs.offset + Int(rhs.idLength) + Int(rhs.nameLength)])
                if !leftName.elementsEqual(rightName) { return leftName.lexicographicallyPrecedes(rightName) }
                return lhs.offset < rhs.offset   // the order added
            }
        }
        var batch = PersonBatch(files: files)
        try arena.withUnsafeBufferPointer { bytes in
            for entry in entries {
                let id = UnsafeBufferPointer(rebasing: bytes[entry.offset..<entry.offset + Int(entry.idLength)])
                let name = UnsafeBufferPointer(rebasing: bytes[entry.offset + Int(entry.idLength)..<entry.offset + Int(entry.idLength) + Int(entry.nameLength)])
                batch.append(id: id, name: name, file: Int(entry.file), line: entry.line)
                if batch.bytes.count >= batchBytes {
                    try body(batch)
                    batch = PersonBatch(files: files)
                }
            }
        }
        if batch.count > 0 { try body(batch) }
        self.arena = []
        entries = []
    }
}

/// Sorted (id, name) pairs with their file and line, packed: per pair the id length
/// (UInt32), the id, the name length (UInt32), the name, the file index (UInt32) and
/// the line (Int64), little-endian.
struct PersonBatch: Sendable {
    let files: [String]
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    init(files: [String]) {
        self.files = files
        bytes.reserveCapacity((1 << 20) + 256)
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(id: UnsafeBufferPointer<UInt8>, name: UnsafeBufferPointer<UInt8>, file: Int, line: Int) {
        Self.append(UInt32(id.count), to: &bytes)
        bytes.append(contentsOf: id)
        Self.append(UInt32(name.count), to: &bytes)
        bytes.append(contentsOf: name)
        Self.append(UInt32(file), to: &bytes)
        Self.append(Int64(line), to: &bytes)
        count += 1
    }

    /// Calls `body` with every pair: id bytes, name bytes, file index, line.
    func forEach(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, Int, Int) throws -> Void) rethrows {
        try bytes.withUnsafeBufferPointer { buffer in
            let raw = UnsafeRawBufferPointer(buffer)
            var offset = 0
            func load<T: FixedWidthInteger>(_: T.Type) -> T {
                let value = T(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: T.self))
                offset += MemoryLayout<T>.size
                return value
            }
            while offset < buffer.count {
                let idLength = Int(load(UInt32.self))
                let id = UnsafeBufferPointer(rebasing: buffer[offset..<offset + idLength])
                offset += idLength
                let nameLength = Int(load(UInt32.self))
                let name = UnsafeBufferPointer(rebasing: buffer[offset..<offset + nameLength])
                offset += nameLength
                let file = Int(load(UInt32.self))
                let line = Int(load(Int64.self))
                try body(id, name, file, line)
            }
        }
    }
}
