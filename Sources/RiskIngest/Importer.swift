import Foundation
import RiskDomain
import RiskStore

/// Imports exchange-format files into a ``RiskDatabase`` in one transaction.
///
/// Files are read streaming (see ``CSVReader``), each row is checked cell by cell, and
/// rows that fail are rejected with their place and reason while the others are
/// written; `--strict` turns the first rejection into an error. Companies are imported
/// first so that other records can refer to them. Re-importing the same data changes
/// no record; changed fields update the record under its natural key (with the
/// `occurrence` number for keys repeated within a file).
///
/// - Complexity: O(rows) time; memory O(companies + news ids + distinct keys of one file),
///   about 100 bytes per company and 40 per key, never a whole file.
public struct Importer {
    let database: RiskDatabase
    let options: ImportOptions
    let now: @Sendable () -> Date
    let progress: (any ImportProgress)?

    public init(database: RiskDatabase, options: ImportOptions = .init(), now: @escaping @Sendable () -> Date = Date.init,
                progress: (any ImportProgress)? = nil) {
        self.database = database
        self.options = options
        self.now = now
        self.progress = progress
    }

    /// Imports the files and folders at `paths`; throws ``ImportError`` when the import
    /// is aborted (then nothing is written).
    public func run(paths: [String]) throws -> ImportReport {
        var warnings: [String] = []
        let files = try resolve(paths: paths, warnings: &warnings)
        let rejects = database.path == ":memory:" ? nil : RejectsFile(databasePath: database.path)
        let session = ImportSession(options: options, progress: progress, rejects: rejects)
        session.warnings = warnings
        do {
            let batchID = try database.importTransaction(startedAt: Self.timestamp(now()), strict: options.strict) { writer in
                session.writer = writer
                try session.importFiles(files)
                try writer.finish(at: Self.timestamp(now()))
                return writer.batchID
            }
            let rejectsPath = try rejects?.commit()
            return ImportReport(batchID: batchID, files: session.summaries, warnings: session.warnings,
                                rejects: session.keptRejects, rejectedTotal: session.rejectedTotal, rejectsPath: rejectsPath)
        } catch let error as ImportError {
            rejects?.discard()
            throw error
        } catch {
            rejects?.discard()
            // SQLITE_BUSY after the busy timeout: another import holds the write lock.
            if RiskDatabase.isBusy(error) { throw ImportError.busy(path: database.path, waited: database.busyTimeout) }
            throw ImportError.store(path: database.path, reason: String(describing: error))
        }
    }

    /// `2026-11-26T20:23:09Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// The files to import with their kinds, in import order (``RecordKind`` order, then as given).
    func resolve(paths: [String], warnings: inout [String]) throws(ImportError) -> [(String, RecordKind)] {
        var files: [(String, RecordKind)] = []
        var seen = Set<String>()
        let manager = FileManager.default
        func add(_ path: String, _ kind: RecordKind) {
            let key = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
            if seen.insert(key).inserted { files.append((path, kind)) } else {
                // Said, not silent (found by review).
                warnings.append("\(path): given twice (or another path to the same file); imported once")
            }
        }
        for path in paths {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isFolder) else { throw .noSuchPath(path: path) }
            if isFolder.boolValue {
                if options.kind != nil { throw .kindForFolder(path: path) }
                let names: [String]
                do { names = try manager.contentsOfDirectory(atPath: path).sorted() } catch {
                    throw .cannotRead(path: path, reason: error.localizedDescription)
                }
                var found = 0
                for name in names where !name.hasPrefix(".") {
                    let child = (path as NSString).appendingPathComponent(name)
                    if let kind = RecordKind(fileName: name) {
                        add(child, kind)
                        found += 1
                    } else {
                        warnings.append("\(child): skipped: not an exchange-format file name")
                    }
                }
                if found == 0 { throw .noFiles(path: path) }
            } else {
                // `--kind` names the kind of files without an exchange-format name; a
                // `companies.csv` beside them stays companies (found by review).
                guard let kind = RecordKind(fileName: (path as NSString).lastPathComponent) ?? options.kind else {
                    throw .unknownFileName(path: path)
                }
                add(path, kind)
            }
        }
        // Stable: files of one kind keep the order they were given in.
        return files.enumerated().sorted { lhs, rhs in
            lhs.element.1 == rhs.element.1 ? lhs.offset < rhs.offset : lhs.element.1 < rhs.element.1
        }.map(\.element)
    }
}
