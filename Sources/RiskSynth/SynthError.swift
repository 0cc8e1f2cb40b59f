/// Why the generator could not run.
public enum SynthError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file or folder could not be created or written.
    case cannotWrite(path: String)
    /// The output path names something that is not a folder.
    case notAFolder(path: String)
    /// An option is outside what the generator supports.
    case invalidOption(String)

    public var description: String {
        switch self {
        case .cannotWrite(let path): return "cannot write \(path)"
        case .notAFolder(let path): return "cannot write into \(path): it exists and is not a folder"
        case .invalidOption(let reason): return reason
        }
    }
}
