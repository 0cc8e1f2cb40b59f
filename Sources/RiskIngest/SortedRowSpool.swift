import Foundation
import RiskStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Collects accepted rows of a bulk load with a 128-bit sort key and hands them back in
/// key order, spilling sorted runs to anonymous temporary files when they outgrow memory
/// (an external merge sort).
///
/// Why: `company` is a `WITHOUT ROWID` table keyed by `credit_code`, and exports list
/// companies in no particular order. Inserted in file order, every row lands on a random
/// leaf of a b-tree that outgrows the page cache at a million companies (each insert
/// then reads and rewrites a page); inserted in key order, every row is appended to the
/// rightmost leaf and pages are filled completely. Sorting first costs a pass over the
/// rows in memory (and, above `runBytes`, one sequential write and read of them).
///
/// Rows are packed into one byte arena (line, then per column a tag and a number or a
/// length-prefixed text); the run files are `tmpfile()`s, deleted by the system when
/// closed, also when the process is killed.
///
/// A full run is sorted and written on a thread of its own while the caller fills the
/// next one: at a million companies the sorting and writing took about 2 s of the
/// parser's 10 s on the companies file, and while that file is parsed the import's
/// writing thread has nothing to do (it waits for the first company in key order), so
/// the second core was idle. At most one run is being written at a time, so memory
/// holds at most two runs.
///
/// - Complexity: O(n log n) comparisons of two integers; memory at most 2 × `runBytes` of
///   packed rows plus 24 bytes per row of those runs; disk: the packed rows once.
final class SortedRowSpool {
    /// Packed bytes of one run kept in memory before it is sorted and written out (by default).
    static let defaultRunBytes = 64 << 20
    let runBytes: Int

    private struct Entry {
        var high: UInt64
        var low: UInt64
        var offset: Int
    }

    /// One run handed to the writing thread: its rows, the file, and what happened.
    private final class RunWrite: @unchecked Sendable {
        // Owned by the writing thread between `start` and `done` signalling, then by the
        // spool again (which reads it only after waiting on `done`).
        var arena: [UInt8]
        var entries: [Entry]
        let file: UnsafeMutablePointer<FILE>
        let columnCount: Int
        var error: (any Error)?
        let done = DispatchSemaphore(value: 0)

        init(arena: [UInt8], entries: [Entry], file: UnsafeMutablePointer<FILE>, columnCount: Int) {
            self.arena = arena
            self.entries = entries
            self.file = file
            self.columnCount = columnCount
        }
    }

    private let columnCount: Int
    private var arena: [UInt8] = []
    private var entries: [Entry] = []
    private var runs: [UnsafeMutablePointer<FILE>] = []
    /// The run being sorted and written, if any.
    private var writing: RunWrite?
    /// Rows added so far.
    private(set) var count = 0

    init(columnCount: Int, runBytes: Int = SortedRowSpool.defaultRunBytes) {
        self.columnCount = columnCount
        self.runBytes = runBytes
    }

    /// Sorted runs written to temporary files so far.
    var spilledRuns: Int { runs.count }

    deinit {
        writing?.done.wait()
        for run in runs { fclose(run) }
    }

    /// Adds `row` (its first `columnCount` columns) with its source `line` under `key`.
    func append(_ row: ImportRow, line: Int, key: (high: UInt64, low: UInt64)) throws {
        entries.append(Entry(high: key.high, low: key.low, offset: arena.count))
        Self.pack(row, columns: columnCount, line: line, into: &arena)
        count += 1
        if arena.count >= runBytes { try spill() }
    }

    /// Calls `body` with every row in key order (rows with equal keys in the order added),
    /// then empties the spool.
    func drain(_ body: (ImportRow, Int) throws -> Void) throws {
        var row = ImportRow(count: columnCount)
        if runs.isEmpty {
            Self.sort(&entries)
            try arena.withUnsafeBufferPointer { bytes in
                for entry in entries {
                    var offset = entry.offset
                    let line = Self.unpack(bytes, at: &offset, columns: columnCount, into: &row)
                    try body(row, line)
                }
            }
            arena = []
            entries = []
            return
        }
        if !entries.isEmpty { try spill() }
        try finishWriting()
        arena = []
        entries = []
        var readers = runs.map { file -> RunReader in
            rewind(file)
            return RunReader(file: file)
        }
        // A binary heap of run indexes by their current key (ties: lower run first = added earlier).
        var heap: [Int] = []
        func less(_ lhs: Int, _ rhs: Int) -> Bool {
            let left = readers[lhs].key, right = readers[rhs].key
            if left.high != right.high { return left.high < right.high }
            if left.low != right.low { return left.low < right.low }
            return lhs < rhs
        }
        func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count, less(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count, less(heap[right], heap[smallest]) { smallest = right }
                if smallest == parent { return }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        for index in readers.indices where try readers[index].advance(columns: columnCount) { heap.append(index) }
        for start in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(start) }
        while let top = heap.first {
            let line = readers[top].record.withUnsafeBufferPointer { bytes -> Int in
                var offset = 0
                return Self.unpack(bytes, at: &offset, columns: columnCount, into: &row)
            }
            try body(row, line)
            if try !readers[top].advance(columns: columnCount) {
                heap[0] = heap[heap.count - 1]
                heap.removeLast()
            }
            if !heap.isEmpty { siftDown(0) }
        }
        for run in runs { fclose(run) }
        runs = []
        count = 0
    }

    private static func sort(_ entries: inout [Entry]) {
        // Stable on equal keys: the offset grows with the order of addition.
        entries.sort { lhs, rhs in
            if lhs.high != rhs.high { return lhs.high < rhs.high }
            if lhs.low != rhs.low { return lhs.low < rhs.low }
            return lhs.offset < rhs.offset
        }
    }

    /// Hands the current run to a thread that sorts it and writes it to a new temporary
    /// file, after the previous run's write has finished (whose buffers the next run reuses).
    private func spill() throws {
        let spare = try finishWriting()
        guard let file = tmpfile() else {
            throw ImportError.cannotRead(path: "temporary file", reason: String(cString: strerror(errno)))
        }
        // Before any I/O on the stream, as C requires: one 1 MiB buffer for writing the run
        // and for reading it back in the merge.
        setvbuf(file, nil, _IOFBF, 1 << 20)
        runs.append(file)
        let job = RunWrite(arena: arena, entries: entries, file: file, columnCount: columnCount)
        arena = spare?.arena ?? []
        entries = spare?.entries ?? []
        writing = job
        let thread = Thread {
            do { try Self.write(job) } catch { job.error = error }
            job.done.signal()
        }
        thread.name = "riskbrain-spool-run"
        thread.start()
    }

    /// Waits for the run being written; rethrows its error, else returns its emptied
    /// buffers for reuse.
    @discardableResult
    private func finishWriting() throws -> (arena: [UInt8], entries: [Entry])? {
        guard let job = writing else { return nil }
        job.done.wait()
        writing = nil
        if let error = job.error { throw error }
        job.arena.removeAll(keepingCapacity: true)
        job.entries.removeAll(keepingCapacity: true)
        return (job.arena, job.entries)
    }

    /// Sorts `job`'s run and writes it: per row the key (16 bytes), the record's length
    /// (4 bytes) and the record.
    private static func write(_ job: RunWrite) throws {
        sort(&job.entries)
        let columnCount = job.columnCount
        let complete = job.arena.withUnsafeBufferPointer { bytes -> Bool in
            for entry in job.entries {
                var offset = entry.offset
                skip(bytes, at: &offset, columns: columnCount)
                var header = (entry.high.littleEndian, entry.low.littleEndian, UInt32(offset - entry.offset).littleEndian)
                let length = offset - entry.offset
                // The stream's 1 MiB buffer (set in `spill`) gathers the small writes.
                guard withUnsafeBytes(of: &header, { fwrite($0.baseAddress, 1, 20, job.file) }) == 20,
                      fwrite(bytes.baseAddress! + entry.offset, 1, length, job.file) == length else { return false }
            }
            return true
        }
        guard complete, fflush(job.file) == 0 else {
            throw ImportError.cannotRead(path: "temporary file", reason: "cannot write a sorted run: \(String(cString: strerror(errno)))")
        }
    }

    /// Reads one run file record by record.
    private struct RunReader {
        let file: UnsafeMutablePointer<FILE>
        var key: (high: UInt64, low: UInt64) = (0, 0)
        var record: [UInt8] = []

        init(file: UnsafeMutablePointer<FILE>) {
            self.file = file
        }

        /// Reads the next record; false at the end of the run.
        mutating func advance(columns: Int) throws -> Bool {
            var header = [UInt8](repeating: 0, count: 20)
            let got = header.withUnsafeMutableBytes { raw in fread(raw.baseAddress, 1, 20, file) }
            if got == 0 { return false }
            guard got == 20 else { throw ImportError.cannotRead(path: "temporary file", reason: "a sorted run ends early") }
            let (high, low, length) = header.withUnsafeBytes { raw in
                (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                 Int(raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self)))
            }
            key = (high, low)
            if record.count != length { record = [UInt8](repeating: 0, count: length) }
            let read = record.withUnsafeMutableBytes { raw in fread(raw.baseAddress, 1, length, file) }
            guard read == length else { throw ImportError.cannotRead(path: "temporary file", reason: "a sorted run ends early") }
            return true
        }
    }

    // MARK: Packing

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func load<T: FixedWidthInteger>(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int, as: T.Type) -> T {
        let value = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[offset..<offset + MemoryLayout<T>.size])).loadUnaligned(as: T.self)
        offset += MemoryLayout<T>.size
        return T(littleEndian: value)
    }

    static func pack(_ row: ImportRow, columns: Int, line: Int, into arena: inout [UInt8]) {
        append(Int64(line), to: &arena)
        for index in 0..<columns {
            let tag = row.tags[index]
            arena.append(tag.rawValue)
            switch tag {
            case .null: break
            case .integer: append(row.integer(index), to: &arena)
            case .real: append(row.real(index).bitPattern, to: &arena)
            case .text:
                row.withText(index) { text in
                    append(UInt32(text.count), to: &arena)
                    arena.append(contentsOf: text)
                }
            }
        }
    }

    /// Reads the record at `offset` into `row`; returns its line.
    static func unpack(_ bytes: UnsafeBufferPointer<UInt8>, at offset: inout Int, columns: Int, into row: inout ImportRow) -> Int {
        row.reset()
        let line = Int(load(bytes, &offset, as: Int64.self))
        for index in 0..<columns {
            let tag = ImportRow.Tag(rawValue: bytes[offset]) ?? .null
            offset += 1
            switch tag {
            case .null: row.setNull(index)
            case .integer: row.setInteger(index, load(bytes, &offset, as: Int64.self))
            case .real: row.setReal(index, Double(bitPattern: load(bytes, &offset, as: UInt64.self)))
            case .text:
                let length = Int(load(bytes, &offset, as: UInt32.self))
                row.setText(index, bytes: UnsafeBufferPointer(rebasing: bytes[offset..<offset + length]))
                offset += length
            }
        }
        return line
    }

    /// Moves `offset` past the record there.
    static func skip(_ bytes: UnsafeBufferPointer<UInt8>, at offset: inout Int, columns: Int) {
        offset += 8
        for _ in 0..<columns {
            let tag = ImportRow.Tag(rawValue: bytes[offset]) ?? .null
            offset += 1
            switch tag {
            case .null: break
            case .integer, .real: offset += 8
            case .text:
                let length = Int(load(bytes, &offset, as: UInt32.self))
                offset += length
            }
        }
    }
}
