import Foundation
import GRDB
import RiskDomain
import RiskStore

/// The audit log (table `audit_log` of migration `v4-access`): appends and queries.
public struct AuditLog: Sendable {
    public let database: RiskDatabase

    public init(database: RiskDatabase) { self.database = database }

    /// `YYYY-MM-DDTHH:MM:SSZ` of `date`.
    public static func timestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = LocalDate(dayNumber: Int((Double(seconds) / 86_400).rounded(.down)))
        let inDay = seconds - day.dayNumber * 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(day.iso)T\(two(inDay / 3600)):\(two(inDay / 60 % 60)):\(two(inDay % 60))Z"
    }

    /// Appends `entries` in one transaction (the server batches its rows).
    public func append(_ entries: [AuditEntry]) throws {
        guard !entries.isEmpty else { return }
        try database.writer.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO audit_log (token_name, at, method, path, what, result_count, status) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for entry in entries {
                try statement.execute(arguments: [entry.tokenName, entry.at, entry.method, entry.path, entry.what,
                                                  max(0, entry.resultCount), entry.status])
            }
        }
    }

    /// Entries at or after `since` (a date `YYYY-MM-DD` or a timestamp), of the token `token`,
    /// oldest first, at most `limit`.
    public func entries(since: String? = nil, token: String? = nil, limit: Int = 10_000) throws -> [AuditEntry] {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let since { conditions.append("at >= ?"); arguments.append(since) }
        if let token { conditions.append("token_name = ?"); arguments.append(token) }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments.append(limit)
        return try database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT token_name, at, method, path, what, result_count, status FROM audit_log \(whereClause) ORDER BY id LIMIT ?
                """, arguments: StatementArguments(arguments)).map { row in
                AuditEntry(tokenName: row[0], at: row[1], method: row[2], path: row[3], what: row[4], resultCount: row[5], status: row[6])
            }
        }
    }

    /// An entry as JSON: `{"token", "at", "method", "path", "what", "result_count", "status"}`.
    public static func json(_ entry: AuditEntry) -> JSONValue {
        .object([("token", .string(entry.tokenName)), ("at", .string(entry.at)), ("method", .string(entry.method)),
                 ("path", .string(entry.path)), ("what", .string(entry.what)), ("result_count", .int(entry.resultCount)),
                 ("status", .int(entry.status))])
    }

    /// A token as JSON (never its text): `{"name", "role", "regions", "created_at", "revoked_at"}`.
    public static func json(_ token: AccessToken) -> JSONValue {
        .object([("name", .string(token.name)), ("role", .string(token.role.rawValue)),
                 ("regions", .array(token.regions.map { .string($0) })), ("created_at", .string(token.createdAt)),
                 ("revoked_at", .optional(token.revokedAt))])
    }
}
