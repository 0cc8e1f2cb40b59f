import RiskDomain

/// How to read the input's text: detect, or force one encoding.
public enum TextEncodingChoice: String, Sendable, CaseIterable {
    /// UTF-8 (with or without BOM) when the first 1 MiB is valid UTF-8, else GB18030.
    case auto
    case utf8
    case gb18030
}

/// Options of one import.
public struct ImportOptions: Sendable {
    /// Abort on the first rejected row, writing nothing.
    public var strict: Bool
    /// The text encoding of every file.
    public var encoding: TextEncodingChoice
    /// The record kind of files given by path (instead of their file name).
    public var kind: RecordKind?
    /// Test hook: throw ``ImportError/injectedFailure(afterRows:)`` once this many rows
    /// have been written, to prove that a failed import leaves the database unchanged.
    public var failAfterRows: Int?

    public init(strict: Bool = false, encoding: TextEncodingChoice = .auto, kind: RecordKind? = nil,
                failAfterRows: Int? = nil) {
        self.strict = strict; self.encoding = encoding; self.kind = kind; self.failAfterRows = failAfterRows
    }
}

/// Receives progress while files are imported (the CLI draws a progress bar from it).
///
/// Called on the importing thread, at most every few thousand rows.
public protocol ImportProgress: AnyObject {
    /// A file starts; `bytes` is its size.
    func fileStarted(path: String, kind: RecordKind, bytes: Int)
    /// `rows` records and `bytes` bytes of the current file have been read so far.
    func fileAdvanced(rows: Int, bytes: Int)
    /// The current file is done.
    func fileFinished(rows: Int)
}
