/// One audited request: who, when, what, how many results, with what status.
public struct AuditEntry: Sendable, Equatable {
    public var tokenName: String
    /// ISO 8601 UTC, seconds.
    public var at: String
    public var method: String
    public var path: String
    /// What was read or scored: a credit code, `chain A B`, `score 12 companies`, a query.
    public var what: String
    public var resultCount: Int
    public var status: Int

    public init(tokenName: String, at: String, method: String, path: String, what: String, resultCount: Int, status: Int) {
        self.tokenName = tokenName; self.at = at; self.method = method; self.path = path
        self.what = what; self.resultCount = resultCount; self.status = status
    }
}
