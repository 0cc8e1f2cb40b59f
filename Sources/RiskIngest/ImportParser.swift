import Foundation
import RiskDomain
import RiskStore

/// The reading half of an import: decodes, parses and checks every row of every file
/// and hands the accepted rows, packed in ``ParsedBatch``es, to the writing half
/// (``ImportSession``) through a ``ParsedChannel``.
///
/// It runs on its own thread while the writing half runs SQLite on the import's
/// transaction thread, so reading file *n + 1* overlaps with writing (and indexing) file
/// *n*. It touches no database: the credit codes already stored are handed to it at the
/// start, and it keeps the companies this import accepts itself. Rejects, duplicates,
/// occurrences and the person pairs to record are decided here, in file order, exactly
/// as a single-threaded import decides them.
///
/// Not thread-safe: between ``run(files:into:)`` starting and the channel reporting its
/// end, only the parser thread touches it (hence `@unchecked Sendable`).
final class ImportParser: @unchecked Sendable {
    let options: ImportOptions
    let rejects: RejectsFile?

    private(set) var warnings: [String] = []
    private(set) var keptRejects: [ImportReject] = []
    private(set) var rejectedTotal = 0

    /// Companies in the database or accepted by this import, with the companies row of
    /// this import that gave each.
    private var companies: CreditCodeTable
    /// The files parsed so far, in order (their positions number them for ``companies``
    /// and ``newsRows``).
    private var parsedPaths: [String] = []
    /// Per parsed file (parallel to ``parsedPaths``): the table columns its header lacks.
    private var parsedAbsentColumns: [[Int]] = []
    /// News id → (row hash, line, file number) of the news row of this import that gave it:
    /// across all the import's news files, as ``companies`` is for credit codes.
    private var newsRows: [String: (row: UInt64, line: Int, file: Int)] = [:]
    /// (person_id, name) pairs already recorded by this import.
    private var persons = Set<UInt64>()
    /// When the database holds no person yet: the new pairs, handed over sorted after
    /// every file (see ``PersonCollector``); else each pair is flagged on its row.
    private var personCollector: PersonCollector?
    private var drainBuffer: [UInt8] = []

    init(options: ImportOptions, rejects: RejectsFile?, knownCompanies: CreditCodeTable, collectPersons: Bool = false) {
        self.options = options
        self.rejects = rejects
        companies = knownCompanies
        personCollector = collectPersons ? PersonCollector() : nil
    }

    /// Parses `files` in order into `channel`; stops early when the channel is cancelled.
    func run(files: [(String, RecordKind)], into channel: ParsedChannel) throws {
        for (path, kind) in files {
            guard try parseFile(path: path, kind: kind, into: channel) else { return }
        }
        if var collector = personCollector, collector.count > 0 {
            personCollector = nil
            try collector.drain { batch in
                guard channel.send(.persons(batch)) else { throw ParsedChannel.Cancelled() }
            }
        }
    }

    private func reject(_ reject: ImportReject, in summary: inout ImportFileSummary) throws {
        if options.strict { throw ImportError.strictRejection(reject) }
        summary.rejected += 1
        rejectedTotal += 1
        if keptRejects.count < ImportReport.maximumKeptRejects { keptRejects.append(reject) }
        try rejects?.append(reject)
    }

    /// Parses one file of `kind`; false when the channel was cancelled.
    private func parseFile(path: String, kind: RecordKind, into channel: ParsedChannel) throws -> Bool {
        let source = try FileByteSource(path: path)
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let stream = try DecodedByteStream(source: source, choice: options.encoding)
        if stream.suspectGB18030 {
            warnings.append("\(path): read as UTF-8, but it has no Chinese character and reads as Chinese in GB18030; if it is GB18030, import it again with --encoding gb18030")
        }
        let reader = CSVReader(stream: stream)
        let layout = RecordLayout.layout(for: kind)
        let encoding = stream.encoding

        // Header.
        guard try reader.next() else { throw ImportError.empty(path: path) }
        let headerCount = reader.fieldCount
        var mapping = [Int](repeating: -1, count: layout.columns.count)
        var unknown: [String] = []
        for index in 0..<headerCount {
            guard let name = reader.text(index) else {
                throw ImportError.invalidEncoding(path: path, line: reader.recordLine, column: index + 1, encoding: encoding.rawValue)
            }
            if name.isEmpty { continue }
            guard let column = layout.columnIndex(forHeader: name) else { unknown.append(name); continue }
            if mapping[column] >= 0 {
                throw ImportError.duplicateColumn(path: path, column: layout.columns[column].name,
                                                  first: mapping[column] + 1, second: index + 1)
            }
            mapping[column] = index
        }
        let missing = layout.columns.indices.filter { layout.columns[$0].required && mapping[$0] < 0 }
        if !missing.isEmpty {
            throw ImportError.missingColumns(path: path, kind: kind, columns: missing.map { layout.columns[$0].name })
        }

        var summary = ImportFileSummary(path: path, kind: kind, encoding: encoding, sha256: "", bytes: bytes)
        summary.unknownColumns = unknown
        guard channel.send(.fileStarted(path: path, kind: kind, bytes: bytes, absentColumns: mapping.indices.filter { mapping[$0] < 0 })) else { return false }
        personCollector?.startFile(path)

        let hasOccurrence = layout.table.hasOccurrence
        // The kinds whose key admits one record keep the row that gave each key across the
        // import's files (company: in `companies`, news: in `newsRows`); a later row of the
        // key is a duplicate or rejected, even in another file: it never replaces the first.
        let fileNumber = parsedPaths.count
        let absentColumns = mapping.indices.filter { mapping[$0] < 0 }
        parsedPaths.append(path)
        parsedAbsentColumns.append(absentColumns)
        // "line 4" in this file, "a/companies.csv:4" in an earlier one.
        func earlierPlace(line: Int, file: Int) -> String {
            file == fileNumber ? "line \(line)" : "\(parsedPaths[file]):\(line)"
        }
        // Why a key's second row is rejected. Rows of two files with different columns are
        // compared as whole rows (a column a file lacks counts as empty), so agreeing rows
        // differ there: the reason says so and how to import such files (found by review:
        // "with different fields" for rows that agreed on every column both files have).
        func conflictReason(_ what: String, line: Int, file: Int) -> String {
            let base = "this \(what) is already given at \(earlierPlace(line: line, file: file))"
            let earlierAbsent = parsedAbsentColumns[file]
            guard earlierAbsent != absentColumns else { return base + " with different fields" }
            func names(_ columns: [Int]) -> String { columns.map { layout.columns[$0].name }.joined(separator: ", ") }
            let onlyThere = absentColumns.filter { !earlierAbsent.contains($0) }
            let onlyHere = earlierAbsent.filter { !absentColumns.contains($0) }
            var sides: [String] = []
            if !onlyThere.isEmpty { sides.append("it has \(names(onlyThere)), this file has not") }
            if !onlyHere.isEmpty { sides.append("this file has \(names(onlyHere)), it has not") }
            return base + " in a file with other columns (\(sides.joined(separator: "; "))); "
                + "rows of one key in two such files of one import are not merged: import the files in separate runs "
                + "(a column a file lacks keeps its stored values)"
        }
        var tracker = OccurrenceTracker()
        let columnCount = layout.columns.count
        // Companies are handed over in credit-code order (see SortedRowSpool).
        let spool = kind == .companies ? SortedRowSpool(columnCount: columnCount) : nil
        var row = ImportRow(count: columnCount + (hasOccurrence ? 1 : 0))
        var batch = ParsedBatch()
        // Per-column facts hoisted out of the row loop (no ColumnSpec copies per cell).
        let columnTypes = layout.columns.map(\.type)
        let columnRequired = layout.columns.map(\.required)
        let keyIndexes = layout.keyIndexes
        let referenceColumn = layout.columns.firstIndex { if case .companyReference = $0.type { return true } else { return false } }
        let personColumns: (id: Int, name: Int)? = switch kind {
        case .shareholdings: (1, 2)
        case .officers: (1, 2)
        default: nil
        }

        /// Why a cell stopped its row.
        enum CellStop: Error { case reject(reason: String, text: String), invalidEncoding }

        // A UTF-8 file's bytes reach the rows unchecked (a GB18030 file's are checked as they
        // are decoded): the cells no row reads — an unknown column, the extra cells of a long
        // row, the cells after the one that rejected a row — are checked here, so a bad byte
        // there stops the import with its line and column as anywhere else (found by fuzzing:
        // it was imported silently).
        let checksUnreadCells = encoding != .gb18030
        let mappedCells = Set(mapping.filter { $0 >= 0 })
        let unmappedCells = (0..<headerCount).filter { !mappedCells.contains($0) }
        /// The error for the record's first cell, in file order, that is not UTF-8 (a bad read
        /// cell and a bad unread one: the first is named; found by review).
        func encodingError(line: Int) -> ImportError {
            let first = (0..<reader.fieldCount).first { !reader.withCell($0, { CSVReader.isValidUTF8($0) }) }
            return ImportError.invalidEncoding(path: path, line: line, column: first.map { $0 + 1 }, encoding: encoding.rawValue)
        }
        /// Throws when a cell of `cells` in the current record is not UTF-8.
        func checkUTF8(_ cells: some Sequence<Int>, line: Int) throws {
            guard checksUnreadCells else { return }
            for cell in cells where cell < reader.fieldCount {
                if !reader.withCell(cell, { CSVReader.isValidUTF8($0) }) { throw encodingError(line: line) }
            }
        }

        rows: while try reader.next() {
            summary.read += 1
            if summary.read & 0x1FFF == 0 {
                batch.progress = (summary.read, source.bytesRead)
            }
            if reader.fieldCount > headerCount { summary.longRows += 1 }
            let line = reader.recordLine
            if checksUnreadCells, !unmappedCells.isEmpty || reader.fieldCount > headerCount {
                try checkUTF8(unmappedCells, line: line)
                try checkUTF8(headerCount..<max(headerCount, reader.fieldCount), line: line)
            }

            // Cells, read from the reader's bytes into the row (no String per cell).
            row.reset()
            for index in 0..<columnCount {
                let cell = mapping[index]
                if cell < 0 { row.setNull(index); continue }
                let stop: CellStop? = reader.withCell(cell) { bytes -> CellStop? in
                    if bytes.isEmpty {
                        if columnRequired[index] { return .reject(reason: "missing required value", text: "") }
                        row.setNull(index)
                        return nil
                    }
                    guard CSVReader.isValidUTF8(bytes) else { return .invalidEncoding }
                    // A valid company reference (every row of a links or records file): its key
                    // computed once, for the check and the existence test; CellParser would
                    // compute it again to accept the cell. Anything else goes to CellParser,
                    // which says why it is rejected.
                    if index == referenceColumn, let key = CreditCodeKey(bytes: bytes) {
                        guard companies.contains(key) else {
                            return .reject(reason: "no company with this credit code in this import or the database",
                                           text: String(decoding: bytes, as: UTF8.self))
                        }
                        row.setText(index, bytes: bytes)
                        return nil
                    }
                    if let reason = CellParser.parse(bytes: bytes, as: columnTypes[index], into: &row, at: index) {
                        return .reject(reason: reason, text: String(decoding: bytes, as: UTF8.self))
                    }
                    return nil
                }
                switch stop {
                case nil: continue
                case .invalidEncoding:
                    throw checksUnreadCells ? encodingError(line: line)
                                            : ImportError.invalidEncoding(path: path, line: line, column: cell + 1, encoding: encoding.rawValue)
                case .reject(let reason, let text):
                    try checkUTF8(mappedCells.sorted(), line: line)
                    try reject(ImportReject(file: path, line: line, column: cell + 1, field: layout.columns[index].name,
                                            text: text, reason: reason), in: &summary)
                    continue rows
                }
            }

            // Whole-row rules, duplicates and occurrence.
            // A company holder whose id has the shape of a credit code (18 letters and digits)
            // must be a valid one: a mistyped code (wrong check character, lower case) became
            // an outside party, and the real company lost the link.
            if kind == .shareholdings, row.textEquals(3, "company"),
               let id = row.withText(1, { bytes -> String? in
                   guard bytes.count == 18, bytes.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) }),
                         bytes.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) || CreditCodeKey(bytes: bytes) == nil else { return nil }
                   return String(decoding: bytes, as: UTF8.self)
               }) {
                do { _ = try CreditCode(validating: id) } catch {
                    try reject(ImportReject(file: path, line: line, column: mapping[1] + 1, field: "holder_id", text: id,
                                            reason: "a company holder's id shaped like a credit code must be a valid one: \(error.description)"),
                               in: &summary)
                    continue rows
                }
            }
            var rowHash = RowHasher()
            for index in 0..<columnCount { rowHash.add(row, index) }
            switch kind {
            case .companies:
                guard let key = row.withText(0, { CreditCodeKey(bytes: $0) }) else { continue rows }
                if row.tags[8] == .null {
                    let region = row.withText(0) { Array($0[2..<8]) }
                    // Derived, it must pass the same check as a given one (a code with a valid
                    // check character may still hold letters there).
                    guard region.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                        try reject(ImportReject(file: path, line: line, column: mapping[8] >= 0 ? mapping[8] + 1 : mapping[0] + 1,
                                                field: "region_code", text: "",
                                                reason: "empty, and the credit code's characters 3–8 (\(String(decoding: region, as: UTF8.self))) are not a 6-digit administrative division code: give region_code"),
                                   in: &summary)
                        continue rows
                    }
                    region.withUnsafeBufferPointer { row.setText(8, bytes: $0) }
                }
                if case .repeated(let earlierRow, let earlierLine, let earlierFile) = companies.note(key, row: rowHash.value, line: line, file: fileNumber) {
                    if earlierRow == rowHash.value { summary.duplicates += 1; continue rows }
                    try reject(ImportReject(file: path, line: line, column: mapping[0] + 1, field: "credit_code", text: row.text(0) ?? "",
                                            reason: conflictReason("credit code", line: earlierLine, file: earlierFile)),
                               in: &summary)
                    continue rows
                }
                try spool?.append(row, line: line, key: (key.high, key.low))
                continue rows
            case .news:
                guard let id = row.text(0) else { continue rows }
                if let earlier = newsRows[id] {
                    if earlier.row == rowHash.value { summary.duplicates += 1; continue rows }
                    try reject(ImportReject(file: path, line: line, column: mapping[0] + 1, field: "id", text: id,
                                            reason: conflictReason("news id", line: earlier.line, file: earlier.file)),
                               in: &summary)
                    continue rows
                }
                newsRows[id] = (rowHash.value, line, fileNumber)
            default:
                var keyHash = RowHasher()
                for index in keyIndexes {
                    // ifnull(column, '') in the unique index: null and empty are one key.
                    if row.tags[index] == .null { keyHash.add(.text("")) } else { keyHash.add(row, index) }
                }
                guard let occurrence = tracker.occurrence(key: keyHash.value, row: rowHash.value) else {
                    summary.duplicates += 1
                    continue rows
                }
                row.setInteger(columnCount, Int64(occurrence))
            }

            // A person shareholder or an officer names a person; a new (id, name) pair is recorded.
            var notePerson = false
            if let personColumns, kind == .officers || row.textEquals(3, "person"),
               row.tags[personColumns.id] == .text, row.tags[personColumns.name] == .text {
                var pair = RowHasher()
                row.withText(personColumns.id) { pair.add(bytes: $0) }
                row.withText(personColumns.name) { pair.add(bytes: $0) }
                notePerson = persons.insert(pair.value).inserted
                if notePerson, personCollector != nil {
                    row.withText(personColumns.id) { id in
                        row.withText(personColumns.name) { name in personCollector?.add(id: id, name: name, line: line) }
                    }
                    notePerson = false
                }
            }
            batch.append(row, line: line, notePerson: notePerson)
            if batch.isFull {
                guard channel.send(.rows(batch)) else { return false }
                batch = ParsedBatch()
            }
        }
        if let spool {
            try spool.drain { row, line in
                batch.append(row, line: line, notePerson: false)
                if batch.isFull {
                    guard channel.send(.rows(batch)) else { throw ParsedChannel.Cancelled() }
                    batch = ParsedBatch()
                }
            }
        }
        if batch.count > 0 || batch.progress != nil {
            guard channel.send(.rows(batch)) else { return false }
        }

        // Drain the file for its digest (the reader stops at the last record).
        while try stream.fill(&drainBuffer) { drainBuffer.removeAll(keepingCapacity: true) }
        // A bad GB18030 sequence in a cell the rows above never read (an unknown column, a
        // row rejected before it): the import stops all the same, naming the line.
        if let line = stream.firstInvalidLine {
            throw ImportError.invalidEncoding(path: path, line: line, column: nil, encoding: encoding.rawValue)
        }
        summary.sha256 = source.finalizeDigest()
        summary.bytes = source.bytesRead
        if !unknown.isEmpty {
            warnings.append("\(path): unknown column\(unknown.count > 1 ? "s" : "") ignored: \(unknown.joined(separator: ", "))")
        }
        if summary.longRows > 0 {
            warnings.append("\(path): \(summary.longRows) row\(summary.longRows > 1 ? "s have" : " has") more cells than the header; the extra cells were ignored")
        }
        return channel.send(.fileFinished(summary))
    }
}

/// Accepted rows of one file, packed one after the other in one byte array (see
/// ``SortedRowSpool/pack(_:columns:line:into:)``), each preceded by a flag byte: 1 when
/// the writer is to record the row's person (shareholder or officer), else 0.
struct ParsedBatch: Sendable {
    /// Packed bytes handed over at once (about 1 MiB).
    static let targetBytes = 1 << 20

    var bytes: [UInt8] = []
    var count = 0
    /// Rows and bytes of the file read so far, for the progress bar (set every 8192 rows).
    var progress: (rows: Int, bytes: Int)?

    init() { bytes.reserveCapacity(Self.targetBytes + 4096) }

    var isFull: Bool { bytes.count >= Self.targetBytes }

    mutating func append(_ row: ImportRow, line: Int, notePerson: Bool) {
        bytes.append(notePerson ? 1 : 0)
        SortedRowSpool.pack(row, columns: row.count, line: line, into: &bytes)
        count += 1
    }

    /// Calls `body` with every row (unpacked into `row`, which must have the packed
    /// column count), its line and its person flag.
    func forEach(into row: inout ImportRow, _ body: (ImportRow, Int, Bool) throws -> Void) rethrows {
        try bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let notePerson = buffer[offset] == 1
                offset += 1
                let line = SortedRowSpool.unpack(buffer, at: &offset, columns: row.count, into: &row)
                try body(row, line, notePerson)
            }
        }
    }
}

/// What the parser hands to the writer, in order.
enum ParsedItem: Sendable {
    /// A file begins; `absentColumns` are the table columns its header lacks (their stored
    /// values stay on an update, see ``ImportWriter/beginFile(_:absentColumns:)``).
    case fileStarted(path: String, kind: RecordKind, bytes: Int, absentColumns: [Int])
    case rows(ParsedBatch)
    /// The file's summary as far as reading goes (read, duplicates, rejected, digest…).
    case fileFinished(ImportFileSummary)
    /// Persons of an initial load, sorted, after every file (see ``PersonCollector``).
    case persons(PersonBatch)
}

/// A bounded, blocking queue from the parser thread to the writer: the parser waits
/// when ``capacityBytes`` of rows are queued, the writer when nothing is.
///
/// The end of the stream is reported once, with the parser's error if it failed; the
/// writer cancels the channel when it stops early, which makes every later
/// ``send(_:)`` return false at once so that the parser thread ends.
final class ParsedChannel: @unchecked Sendable {
    /// The parser stopped because the writer cancelled the channel.
    struct Cancelled: Error {}

    /// Queued bytes at which the parser waits (256 MiB: several seconds of rows ahead).
    ///
    /// After each file of an initial load the writer rebuilds that table's indexes (about 3 s
    /// each for shareholdings and officers at a million companies) and takes no rows
    /// meanwhile. With 32 MiB the parser stopped within a second and sat idle through every
    /// rebuild, then was the bottleneck while it caught up: at a million companies the writing
    /// thread waited for rows for about 10 s in all. 256 MiB lets the parser read through a
    /// rebuild; the parser now finishes well before the writer and the import took 29–36 s
    /// instead of 32–42 s (alternating runs), peak RSS 716–756 MiB (+~150 MiB). Batches count
    /// by the memory they hold (`capacity`), so long rows cannot make the queue hold more.
    static let capacityBytes = 256 << 20

    private let condition = NSCondition()
    /// Queued items from `head` on; taken ones are set to nil at once (a taken batch
    /// must not stay referenced) and the array is compacted now and then.
    private var items: [ParsedItem?] = []
    private var head = 0
    private var queuedBytes = 0
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false

    /// What `item` counts against ``capacityBytes``: the memory its rows hold (an array may
    /// have grown past its rows for a long last row), the same on sending and receiving.
    static func size(of item: ParsedItem) -> Int {
        switch item {
        case .rows(let batch): return batch.bytes.capacity
        case .persons(let batch): return batch.bytes.capacity
        default: return 0
        }
    }

    /// Queues `item`, waiting while the queue is full; false when the channel was cancelled.
    func send(_ item: ParsedItem) -> Bool {
        let size = Self.size(of: item)
        condition.lock()
        defer { condition.unlock() }
        while !cancelled, queuedBytes > 0, queuedBytes + size > Self.capacityBytes { condition.wait() }
        if cancelled { return false }
        items.append(item)
        queuedBytes += size
        condition.broadcast()
        return true
    }

    /// Ends the stream (the parser's last call), with its error if it failed.
    func finish(error: (any Error)?) {
        condition.lock()
        finished = true
        if let error, !(error is Cancelled) { failure = error }
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, waiting for one; nil at the end of the stream; rethrows the
    /// parser's error.
    func receive() throws -> ParsedItem? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count, !finished, failure == nil { condition.wait() }
        if let failure { throw failure }
        guard head < items.count, let item = items[head] else { return nil }
        items[head] = nil
        head += 1
        if head == items.count || head >= 64 {
            items.removeFirst(head)
            head = 0
        }
        queuedBytes -= Self.size(of: item)
        condition.broadcast()
        return item
    }

    /// Stops the parser (the writer failed or finished early).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
