import Foundation
import RiskDomain

/// The rejects CSV beside the database (`<database file>.rejects.csv`), written as rows
/// are rejected into a `.partial` file that replaces the old one only when the import
/// commits. Columns: file, line, column, field, text, reason. It describes the last import
/// that committed: one without rejects removes the file an earlier import left, so that
/// the rejects beside a database are never mistaken for the current import's. Cells that
/// repeat input are made inert for spreadsheets (``CSVField/spreadsheetSafe(_:)``): the
/// file is meant to be opened in one, and a rejected cell may be anything.
final class RejectsFile {
    let path: String
    private var handle: FileHandle?
    private var pending = Data()

    init(databasePath: String) {
        path = databasePath + ".rejects.csv"
    }

    private var partialPath: String { path + ".partial" }

    func append(_ reject: ImportReject) throws {
        if handle == nil {
            _ = FileManager.default.createFile(atPath: partialPath, contents: Data("file,line,column,field,text,reason\n".utf8))
            guard let opened = FileHandle(forWritingAtPath: partialPath) else {
                throw ImportError.cannotRead(path: partialPath, reason: "cannot write the rejects file")
            }
            try opened.seekToEnd()
            handle = opened
        }
        let fields = [CSVField.spreadsheetSafe(reject.file), String(reject.line), String(reject.column),
                      CSVField.spreadsheetSafe(reject.field), CSVField.spreadsheetSafe(reject.text), reject.reason]
        pending.append(Data((fields.map(Self.escape).joined(separator: ",") + "\n").utf8))
        if pending.count > 1 << 16 { try flush() }
    }

    private func flush() throws {
        guard let handle, !pending.isEmpty else { return }
        try handle.write(contentsOf: pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// Moves the partial file into place; returns its path, or nil when nothing was rejected
    /// (then a rejects file of an earlier import is removed).
    func commit() throws -> String? {
        guard let handle else {
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            return nil
        }
        try flush()
        try handle.close()
        self.handle = nil
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: partialPath, toPath: path)
        return path
    }

    /// Removes the partial file (the import failed).
    func discard() {
        try? handle?.close()
        handle = nil
        try? FileManager.default.removeItem(atPath: partialPath)
    }

    static func escape(_ field: String) -> String { CSVField.escaped(field) }
}
