import RiskDomain
import RiskStore

/// An error that aborts an import; nothing of the import is written.
///
/// The description is one line naming the file, and `line:column` when known.
public enum ImportError: Error, Equatable, Sendable, CustomStringConvertible {
    case noSuchPath(path: String)
    case cannotRead(path: String, reason: String)
    case unknownFileName(path: String)
    case kindForFolder(path: String)
    case noFiles(path: String)
    case empty(path: String)
    /// A NUL byte; `line:column` is the record's first line and the field's number.
    case binary(path: String, line: Int, column: Int)
    case unsupportedEncoding(path: String, what: String)
    /// `line:column`: the record's first line and the number of the field holding the bad
    /// bytes; no column for bad bytes in a cell the import does not read (an unknown column).
    case invalidEncoding(path: String, line: Int, column: Int?, encoding: String)
    /// `line:column`: the record's first line and the number of the field whose quote is never closed.
    case unterminatedQuote(path: String, line: Int, column: Int)
    case recordTooLong(path: String, line: Int)
    /// A line ends in a bare CR (not CR LF) outside quotes: classic Mac OS line ends, which
    /// the reader would take for one record (`line:column`: the record's first line and the
    /// field where the first one is; checked in the header and in every record).
    case bareCarriageReturn(path: String, line: Int, column: Int)
    case missingColumns(path: String, kind: RecordKind, columns: [String])
    case duplicateColumn(path: String, column: String, first: Int, second: Int)
    /// `--strict`: the first rejected row aborts the import.
    case strictRejection(ImportReject)
    /// The test hook ``ImportOptions/failAfterRows`` fired.
    case injectedFailure(afterRows: Int)
    case store(path: String, reason: String)
    /// Another process held the database locked (another import) for `waited` seconds.
    case busy(path: String, waited: Double)

    public var description: String {
        switch self {
        case .noSuchPath(let path):
            return "\(path): no such file or folder"
        case .cannotRead(let path, let reason):
            return "\(path): cannot read: \(reason)"
        case .unknownFileName(let path):
            return "\(path): unknown file name: name it after its record kind (\(RecordKind.allCases.map(\.fileName).joined(separator: ", "))) or pass --kind"
        case .kindForFolder(let path):
            return "\(path): --kind names the kind of single files, not of a folder"
        case .noFiles(let path):
            return "\(path): no exchange-format files in this folder (\(RecordKind.allCases.map(\.fileName).joined(separator: ", ")))"
        case .empty(let path):
            return "\(path): empty file (no header row)"
        case .binary(let path, let line, let column):
            return "\(path):\(line):\(column): not a CSV file: binary data (a NUL byte)"
        case .unsupportedEncoding(let path, let what):
            return "\(path): unsupported encoding \(what): export as UTF-8 or GB18030"
        case .invalidEncoding(let path, let line, let column, let encoding):
            let place = column.map { "\(line):\($0)" } ?? "\(line)"
            let hint = encoding.hasPrefix("utf-8") ? " (if the file is GB18030, pass --encoding gb18030)" : ""
            return "\(path):\(place): invalid \(encoding) byte sequence\(hint)"
        case .unterminatedQuote(let path, let line, let column):
            return "\(path):\(line):\(column): not a CSV file: a quoted field starting here is never closed"
        case .recordTooLong(let path, let line):
            return "\(path):\(line): not a CSV file: a record longer than 64 MiB starts here (an unbalanced quote?)"
        case .bareCarriageReturn(let path, let line, let column):
            return "\(path):\(line):\(column): \(TextDecoding.bareCarriageReturnReason)"
        case .missingColumns(let path, let kind, let columns):
            return "\(path):1: the header lacks required column\(columns.count > 1 ? "s" : "") \(columns.joined(separator: ", ")) for \(kind.fileName)"
        case .duplicateColumn(let path, let column, let first, let second):
            return "\(path):1:\(second): column \(column) appears twice (columns \(first) and \(second))"
        case .strictRejection(let reject):
            return "\(reject.location): \(reject.field) \(reject.quotedText): \(reject.reason) (--strict: nothing was imported)"
        case .injectedFailure(let rows):
            return "import failed after \(rows) rows (injected test failure); nothing was imported"
        case .store(let path, let reason):
            return "\(path): database error: \(reason); nothing was imported"
        case .busy(let path, let waited):
            return "\(path): \(RiskDatabase.busyMessage(waited: waited)); nothing was imported"
        }
    }
}
