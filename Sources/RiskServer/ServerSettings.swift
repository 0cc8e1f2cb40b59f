import Foundation
import RiskDomain

/// What the server is started with: the database, the model, the as-of rule and the limits.
public struct ServerSettings: Sendable {
    /// The database file (opened as a WAL `DatabasePool`; created and migrated when missing).
    public var databasePath: String
    /// The expert model file.
    public var modelPath: String
    /// A fixed as-of date for scores; nil: today (UTC) from ``clock`` per request.
    public var asOf: LocalDate?
    /// The clock (injected: audit times, the default as-of date, cookie-less login).
    public var clock: @Sendable () -> Date
    /// How often the background task checks for a new import batch, in seconds.
    public var refreshInterval: Double
    /// Seconds a checked token is trusted without reading it again: a token revoked by
    /// another process (`riskbrain token revoke`) is refused at most this long after (see
    /// `TokenCache`).
    public var tokenCacheSeconds: Double
    /// Limits on requests and results.
    public var limits: Limits

    public init(databasePath: String, modelPath: String, asOf: LocalDate? = nil,
                clock: @escaping @Sendable () -> Date = { Date() }, refreshInterval: Double = 2, limits: Limits = Limits(),
                tokenCacheSeconds: Double = 1) {
        self.databasePath = databasePath; self.modelPath = modelPath; self.asOf = asOf
        self.clock = clock; self.refreshInterval = refreshInterval; self.limits = limits
        self.tokenCacheSeconds = tokenCacheSeconds
    }

    /// Bounds on input and output sizes; anything beyond gets a 4xx or a `"truncated": true`.
    public struct Limits: Sendable {
        /// Request bodies (watch lists) at most this many bytes (413 beyond).
        public var maxBodyBytes = 2 * 1024 * 1024
        /// Companies in one posted list at most (400 beyond).
        public var maxListCompanies = 1_000
        /// `max_hops` of chain at most.
        public var maxChainHops = 6
        /// `hops` of links at most.
        public var maxLinkHops = 3
        /// Chains returned at most.
        public var maxChains = 5
        /// Nodes of a neighbourhood at most.
        public var maxNeighbours = 500
        /// Members of a group at most.
        public var maxGroupMembers = 1_000
        /// Rows of each record kind in a company detail at most.
        public var maxDetailRows = 200
        /// Search results at most.
        public var maxSearchResults = 20

        public init() {}
    }

    /// The as-of date for a request now.
    public func currentAsOf() -> LocalDate {
        asOf ?? LocalDate(dayNumber: Int((clock().timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}
