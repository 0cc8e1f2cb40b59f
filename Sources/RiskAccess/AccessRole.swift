/// What a token may do: analysts read and score; admins also manage tokens, read the audit
/// log and import.
public enum AccessRole: String, CaseIterable, Sendable, Comparable {
    case analyst, admin

    /// True when this role includes everything `required` may do.
    public func satisfies(_ required: AccessRole) -> Bool { self >= required }

    public static func < (lhs: AccessRole, rhs: AccessRole) -> Bool {
        lhs == .analyst && rhs == .admin
    }
}
