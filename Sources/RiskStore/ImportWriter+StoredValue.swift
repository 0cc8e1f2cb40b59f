import GRDB

/// A value to store in a record column, so that modules above the store need not import GRDB.
public enum StoredValue: Sendable, Hashable {
    case null
    case text(String)
    case real(Double)
    case integer(Int64)

    var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case .text(let text): return text.databaseValue
        case .real(let value): return value.databaseValue
        case .integer(let value): return value.databaseValue
        }
    }

    /// `.text(value)` or `.null`.
    public static func text(_ value: String?) -> StoredValue { value.map { .text($0) } ?? .null }
}
