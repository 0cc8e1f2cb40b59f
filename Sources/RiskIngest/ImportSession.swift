import Foundation
import RiskDomain
import RiskStore

/// The state of one import while it runs: the known companies and persons, counts,
/// rejects. Lives inside the import transaction; not thread-safe.
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

    /// Companies in the database or accepted by this import; nil until first needed.
    private var companies: Set<CreditCodeKey>?
    /// (person_id, name) pairs already recorded by this import.
    private var persons = Set<UInt64>()

    init(options: ImportOptions, progress: (any ImportProgress)?, rejects: RejectsFile?) {
        self.options = options
        self.progress = progress
        self.rejects = rejects
    }

    private func knownCompanies() throws -> Set<CreditCodeKey> {
        if let companies { return companies }
        var loaded = Set<CreditCodeKey>()
        try writer.forEachCompanyCode { code in
            if let key = CreditCodeKey(validating: code) { loaded.insert(key) }
        }
        companies = loaded
        return loaded
    }

    private func reject(_ reject: ImportReject, in summary: inout ImportFileSummary) throws {
        if options.strict { throw ImportError.strictRejection(reject) }
        summary.rejected += 1
        rejectedTotal += 1
        if keptRejects.count < ImportReport.maximumKeptRejects { keptRejects.append(reject) }
        try rejects?.append(reject)
    }

    /// Imports one file of `kind`.
    func importFile(path: String, kind: RecordKind) throws {
        let source = try FileByteSource(path: path)
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let stream = try DecodedByteStream(source: source, choice: options.encoding)
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
        progress?.fileStarted(path: path, kind: kind, bytes: bytes)

        let hasOccurrence = layout.table.hasOccurrence
        let fresh = try writer.isEmpty(kind)
        let droppedIndexes = fresh ? try writer.beginBulkLoad(kind) : []
        var companies = try knownCompanies()
        // Key → (row hash, line) for the kinds whose key admits one record (company, news).
        var companyRows: [CreditCodeKey: (row: UInt64, line: Int)] = [:]
        var newsRows: [String: (row: UInt64, line: Int)] = [:]
        var tracker = OccurrenceTracker()
        let columnCount = layout.columns.count
        var row = ImportRow(count: columnCount + (hasOccurrence ? 1 : 0))
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

        rows: while try reader.next() {
            summary.read += 1
            if summary.read & 0x1FFF == 0 { progress?.fileAdvanced(rows: summary.read, bytes: source.bytesRead) }
            if reader.fieldCount > headerCount { summary.longRows += 1 }
            let line = reader.recordLine

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
                    if let reason = CellParser.parse(bytes: bytes, as: columnTypes[index], into: &row, at: index) {
                        return .reject(reason: reason, text: String(decoding: bytes, as: UTF8.self))
                    }
                    if index == referenceColumn, let key = CreditCodeKey(bytes: bytes), !companies.contains(key) {
                        return .reject(reason: "no company with this credit code in this import or the database",
                                       text: String(decoding: bytes, as: UTF8.self))
                    }
                    return nil
                }
                switch stop {
                case nil: continue
                case .invalidEncoding:
                    throw ImportError.invalidEncoding(path: path, line: line, column: cell + 1, encoding: encoding.rawValue)
                case .reject(let reason, let text):
                    try reject(ImportReject(file: path, line: line, column: cell + 1, field: layout.columns[index].name,
                                            text: text, reason: reason), in: &summary)
                    continue rows
                }
            }

            // Whole-row rules, duplicates and occurrence.
            var rowHash = RowHasher()
            for index in 0..<columnCount { rowHash.add(row, index) }
            var companyKey: CreditCodeKey?
            switch kind {
            case .companies:
                guard let key = row.withText(0, { CreditCodeKey(bytes: $0) }) else { continue rows }
                if row.tags[8] == .null {
                    let region = row.withText(0) { Array($0[2..<8]) }
                    region.withUnsafeBufferPointer { row.setText(8, bytes: $0) }
                }
                if let earlier = companyRows[key] {
                    if earlier.row == rowHash.value { summary.duplicates += 1; continue rows }
                    try reject(ImportReject(file: path, line: line, column: mapping[0] + 1, field: "credit_code", text: row.text(0) ?? "",
                                            reason: "this credit code is already given at line \(earlier.line) with different fields"),
                               in: &summary)
                    continue rows
                }
                companyRows[key] = (rowHash.value, line)
                companyKey = key
            case .news:
                guard let id = row.text(0) else { continue rows }
                if let earlier = newsRows[id] {
                    if earlier.row == rowHash.value { summary.duplicates += 1; continue rows }
                    try reject(ImportReject(file: path, line: line, column: mapping[0] + 1, field: "id", text: id,
                                            reason: "this news id is already given at line \(earlier.line) with different fields"),
                               in: &summary)
                    continue rows
                }
                newsRows[id] = (rowHash.value, line)
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

            // Write.
            if fresh {
                try writer.insert(kind, row: row, file: path, line: line)
                summary.imported += 1
            } else {
                switch try writer.upsert(kind, row: row, file: path, line: line) {
                case .inserted: summary.imported += 1
                case .updated: summary.updated += 1
                case .unchanged: summary.unchanged += 1
                }
            }
            if let companyKey { companies.insert(companyKey) }
            if let personColumns, kind == .officers || row.textEquals(3, "person"),
               row.tags[personColumns.id] == .text, row.tags[personColumns.name] == .text {
                var pair = RowHasher()
                row.withText(personColumns.id) { pair.add(bytes: $0) }
                row.withText(personColumns.name) { pair.add(bytes: $0) }
                if persons.insert(pair.value).inserted, let id = row.text(personColumns.id), let name = row.text(personColumns.name) {
                    try writer.notePerson(id: id, name: name, file: path, line: line)
                }
            }
            rowsDone += 1
            if let limit = options.failAfterRows, rowsDone >= limit { throw ImportError.injectedFailure(afterRows: rowsDone) }
        }
        if kind == .companies { self.companies = companies }
        if fresh { try writer.endBulkLoad(kind, indexes: droppedIndexes) }

        // Drain the file for its digest (the reader stops at the last record).
        while try stream.fill(&drain) { drain.removeAll(keepingCapacity: true) }
        summary.sha256 = source.finalizeDigest()
        summary.bytes = source.bytesRead
        progress?.fileFinished(rows: summary.read)
        if !unknown.isEmpty {
            warnings.append("\(path): unknown column\(unknown.count > 1 ? "s" : "") ignored: \(unknown.joined(separator: ", "))")
        }
        if summary.longRows > 0 {
            warnings.append("\(path): \(summary.longRows) row\(summary.longRows > 1 ? "s have" : " has") more cells than the header; the extra cells were ignored")
        }
        try writer.recordFile(path: path, kind: kind, sha256: summary.sha256, bytes: summary.bytes,
                              encoding: encoding.rawValue, rowsRead: summary.read, imported: summary.imported,
                              updated: summary.updated, unchanged: summary.unchanged, duplicates: summary.duplicates,
                              rejected: summary.rejected)
        summaries.append(summary)
    }

    private var drain: [UInt8] = []
}
