import Foundation
import RiskDomain
import RiskStore

/// The writing half of one import, on the import transaction's thread: starts an
/// ``ImportParser`` on a thread of its own and writes what it hands over, file by file
/// (bulk load of empty tables with their indexes rebuilt after, upserts otherwise,
/// persons), and keeps the per-file counts.
///
/// Reading and writing overlap: while SQLite inserts the rows of one batch, or builds
/// the indexes of one file, the parser reads on. The parser runs at most
/// ``ParsedChannel/capacityBytes`` ahead. Not thread-safe itself: it lives inside the
/// transaction's closure.
final class ImportSession {
    let options: ImportOptions
    let progress: (any ImportProgress)?
    let rejects: RejectsFile?
    var writer: ImportWriter!

    var summaries: [ImportFileSummary] = []
    var warnings: [String] = []
    var keptRejects: [ImportReject] = []
    var rejectedTotal = 0
    /// Rows written (or found unchanged) so far, for ``ImportOptions/failAfterRows``.
    private var rowsDone = 0

    init(options: ImportOptions, progress: (any ImportProgress)?, rejects: RejectsFile?) {
        self.options = options
        self.progress = progress
        self.rejects = rejects
    }

    /// The credit codes stored before this import.
    private func storedCompanies() throws -> CreditCodeTable {
        var loaded = CreditCodeTable()
        try writer.forEachCompanyCode { code in
            if let key = CreditCodeKey(validating: code) { loaded.insertStored(key) }
        }
        return loaded
    }

    /// Imports `files` in order (companies first, see ``Importer``).
    func importFiles(_ files: [(String, RecordKind)]) throws {
        let parser = ImportParser(options: options, rejects: rejects, knownCompanies: try storedCompanies(),
                                  collectPersons: try writer.personsAreEmpty())
        let channel = ParsedChannel()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            do {
                try parser.run(files: files, into: channel)
                channel.finish(error: nil)
            } catch {
                channel.finish(error: error)
            }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.name = "riskbrain-import-parser"
        thread.start()
        defer {
            // Whatever happened, the parser thread has ended before the session is read.
            channel.cancel()
            done.wait()
            warnings += parser.warnings
            keptRejects = parser.keptRejects
            rejectedTotal = parser.rejectedTotal
        }
        try write(from: channel)
    }

    /// The file being written.
    private struct OpenFile {
        var kind: RecordKind
        var fresh: Bool
        var droppedIndexes: [String]
        var path: String
        var imported = 0, updated = 0, unchanged = 0
        /// ``ImportWriter/rowsBesideAnotherFile`` when the file started.
        var besideBefore = 0
    }

    private func write(from channel: ParsedChannel) throws {
        var file: OpenFile?
        var row = ImportRow(count: 0)
        /// Indexes of the person tables dropped for the sorted persons of an initial load.
        var personIndexes: [String]?
        while let item = try channel.receive() {
            switch item {
            case .fileStarted(let path, let kind, let bytes, let absent):
                progress?.fileStarted(path: path, kind: kind, bytes: bytes)
                let fresh = try writer.isEmpty(kind)
                let dropped = fresh ? try writer.beginBulkLoad(kind) : []
                writer.beginFile(kind, absentColumns: absent)
                file = OpenFile(kind: kind, fresh: fresh, droppedIndexes: dropped, path: path, besideBefore: writer.rowsBesideAnotherFile)
                row = ImportRow(count: RecordTable.table(for: kind).columns.count)
            case .rows(let batch):
                guard var open = file else { continue }
                file = nil
                defer { file = open }
                try batch.forEach(into: &row) { unpacked, line, notePerson in
                    try write(unpacked, line: line, notePerson: notePerson, in: &open)
                }
                if let (rows, bytes) = batch.progress { progress?.fileAdvanced(rows: rows, bytes: bytes) }
            case .fileFinished(var summary):
                guard var open = file else { continue }
                file = nil
                if !open.fresh {
                    let placed = try writer.finishFile()
                    open.imported += placed.inserted; open.updated += placed.updated; open.unchanged += placed.unchanged
                }
                if open.fresh { try writer.endBulkLoad(open.kind, indexes: open.droppedIndexes) }
                summary.imported = open.imported
                summary.updated = open.updated
                summary.unchanged = open.unchanged
                let stakes = try writer.secondCurrentStakes()
                if stakes > 0 {
                    warnings.append("\(open.path): \(stakes) row\(stakes == 1 ? " gives a holder" : "s give holders") a second current stake in a company where an earlier import stored one (the stakes add up: a changed `since` makes another record; if the old stake ended or its date was corrected, give it an `until`)")
                }
                let beside = writer.rowsBesideAnotherFile - open.besideBefore
                if beside > 0 {
                    warnings.append("\(open.path): \(beside) row\(beside == 1 ? "" : "s") added as further records of keys an earlier file of this import gave or matched with other fields (rows that differ are never merged); if the files are successive exports, import them one at a time, oldest first")
                }
                progress?.fileFinished(rows: summary.read)
                try writer.recordFile(path: summary.path, kind: summary.kind, sha256: summary.sha256, bytes: summary.bytes,
                                      encoding: summary.encoding.rawValue, rowsRead: summary.read, imported: summary.imported,
                                      updated: summary.updated, unchanged: summary.unchanged, duplicates: summary.duplicates,
                                      rejected: summary.rejected)
                summaries.append(summary)
            case .persons(let batch):
                if personIndexes == nil { personIndexes = try writer.beginPersonBulkLoad() }
                try batch.forEach { id, name, file, line in
                    try writer.writeSortedPerson(id: id, name: name, file: batch.files[file], line: line)
                }
            }
        }
        if let personIndexes { try writer.endPersonBulkLoad(indexes: personIndexes) }
    }

    /// Writes one accepted row (and its person when `notePerson`).
    private func write(_ row: ImportRow, line: Int, notePerson: Bool, in file: inout OpenFile) throws {
        if file.fresh {
            try writer.insert(file.kind, row: row, file: file.path, line: line)
            file.imported += 1
        } else {
            switch try writer.upsert(file.kind, row: row, file: file.path, line: line) {
            case .inserted: file.imported += 1
            case .updated: file.updated += 1
            case .unchanged: file.unchanged += 1
            case .deferred: break   // counted when the file is done
            }
        }
        // Shareholdings and officers name the person in columns 1 (id) and 2 (name).
        if notePerson, let id = row.text(1), let name = row.text(2) {
            try writer.notePerson(id: id, name: name, file: file.path, line: line)
        }
        rowsDone += 1
        if let limit = options.failAfterRows, rowsDone >= limit { throw ImportError.injectedFailure(afterRows: rowsDone) }
    }
}
