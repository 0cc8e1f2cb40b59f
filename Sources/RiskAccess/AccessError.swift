/// Errors of token management, with a message fit for a one-line CLI error.
public enum AccessError: Error, Equatable, CustomStringConvertible, Sendable {
    case duplicateName(String)
    case unknownName(String)
    case alreadyRevoked(String)
    case badName(String)
    case badRegion(String)

    public var description: String {
        switch self {
        case .duplicateName(let name): return "a token named '\(name)' exists already (names are unique; revoked ones too)"
        case .unknownName(let name): return "no token named '\(name)'"
        case .alreadyRevoked(let name): return "the token '\(name)' is revoked already"
        case .badName(let name):
            if name == TokenStore.unauthenticatedName { return "token name '\(name)' is reserved for requests without a valid token in the audit log" }
            return "token name '\(name)' must be 1–64 characters without spaces or commas"
        case .badRegion(let region): return "region prefix '\(region)' must be 1–6 digits (e.g. 33, 3301, 330106)"
        }
    }
}
