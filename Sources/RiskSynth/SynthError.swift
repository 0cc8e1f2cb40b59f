/// Why the generator could not run.
public enum SynthError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file or folder could not be created or written.
    case cannotWrite(path: String)
    /// An option is outside what the generator supports.
    case invalidOption(String)

    public var description: String {
        switch self {
        case .cannotWrite(let path): return "cannot write \(path)"
        case .invalidOption(let reason): return reason
        }
    }
}
