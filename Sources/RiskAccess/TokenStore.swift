import Crypto
import Foundation
import GRDB
import RiskStore

/// Creates, lists, revokes and checks API tokens in the database (table `access_token` of
/// migration `v4-access`).
///
/// A token is `rbk_` followed by 64 hex digits (32 random bytes). It is shown once, when
/// created; the database keeps only its sha256, so a stolen database file yields no token.
/// Randomness and the clock are injected.
public struct TokenStore: Sendable {
    public let database: RiskDatabase

    public init(database: RiskDatabase) { self.database = database }

    /// The prefix of every token's text.
    public static let prefix = "rbk_"

    /// sha256 hex of a token's text.
    public static func hash(_ token: String) -> String {
        hex(SHA256.hash(data: Data(token.utf8)))
    }

    /// Lower-case hex of a digest, written into one buffer (a `String(radix:)` and a
    /// `joined()` per byte cost more than the hash itself).
    static func hex(_ digest: SHA256Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: SHA256Digest.byteCount * 2) { buffer in
            var index = 0
            for byte in digest {
                buffer[index] = digits[Int(byte >> 4)]
                buffer[index + 1] = digits[Int(byte & 15)]
                index += 2
            }
            return index
        }
    }

    /// Checks a list of region prefixes (digits, at most 6 each); sorted, duplicates dropped.
    /// The audit log's token name for a request without a valid token (401): no token may
    /// bear it, so such rows cannot be mistaken for a token's.
    public static let unauthenticatedName = "(none)"

    /// Checks a token name: 1–64 characters, no whitespace (a control character counts as
    /// none of the allowed ones either), no comma, and not ``unauthenticatedName``.
    public static func validateName(_ name: String) throws(AccessError) {
        guard !name.isEmpty, name.count <= 64, name != unauthenticatedName,
              !name.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F || $0 == "," }) else {
            throw AccessError.badName(name)
        }
    }

    public static func validateRegions(_ regions: [String]) throws(AccessError) -> [String] {
        var result: [String] = []
        for raw in regions {
            let region = raw.trimmingCharacters(in: .whitespaces)
            guard !region.isEmpty, region.count <= 6, region.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw AccessError.badRegion(raw)
            }
            if !result.contains(region) { result.append(region) }
        }
        return result.sorted()
    }

    /// Creates a token and returns its text (to be shown once) and the stored record.
    /// - Throws: ``AccessError`` for a bad or taken name or a bad region prefix.
    public func create<Generator: RandomNumberGenerator>(name: String, role: AccessRole, regions: [String], now: Date,
                                                        using generator: inout Generator) throws -> (token: String, record: AccessToken) {
        try Self.validateName(name)
        let regions = try Self.validateRegions(regions)
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in bytes.indices { bytes[i] = UInt8.random(in: .min ... .max, using: &generator) }
        let token = Self.prefix + bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        let record = AccessToken(name: name, role: role, regions: regions, createdAt: AuditLog.timestamp(now))
        try database.writer.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM access_token WHERE name = ?", arguments: [name]) == true {
                throw AccessError.duplicateName(name)
            }
            try db.execute(sql: """
                INSERT INTO access_token (name, token_sha256, role, regions, created_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [name, Self.hash(token), role.rawValue, regions.isEmpty ? nil : regions.joined(separator: ","),
                                 record.createdAt])
        }
        return (token, record)
    }

    /// Every token, by name.
    public func list() throws -> [AccessToken] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT name, role, regions, created_at, revoked_at FROM access_token ORDER BY name").map(Self.decode)
        }
    }

    /// Revokes the token named `name` at `now`.
    /// - Throws: ``AccessError/unknownName(_:)``, ``AccessError/alreadyRevoked(_:)``.
    public func revoke(name: String, now: Date) throws {
        try database.writer.write { db in
            guard let revoked = try Row.fetchOne(db, sql: "SELECT revoked_at FROM access_token WHERE name = ?", arguments: [name]) else {
                throw AccessError.unknownName(name)
            }
            if (revoked[0] as String?) != nil { throw AccessError.alreadyRevoked(name) }
            try db.execute(sql: "UPDATE access_token SET revoked_at = ? WHERE name = ?", arguments: [AuditLog.timestamp(now), name])
        }
    }

    /// The active token whose text is `token`, or nil (unknown, malformed or revoked).
    /// - Complexity: one sha256 and one indexed lookup.
    public func authenticate(_ token: String) throws -> AccessToken? {
        guard token.hasPrefix(Self.prefix), token.utf8.count == Self.prefix.utf8.count + 64 else { return nil }
        let hash = Self.hash(token)
        return try database.writer.read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT name, role, regions, created_at, revoked_at FROM access_token WHERE token_sha256 = ? AND revoked_at IS NULL
                """)
            return try Row.fetchOne(statement, arguments: [hash]).map(Self.decode)
        }
    }

    static func decode(_ row: Row) -> AccessToken {
        let regions: String? = row[2]
        return AccessToken(name: row[0], role: AccessRole(rawValue: row[1]) ?? .analyst,
                           regions: regions.map { $0.split(separator: ",").map(String.init) } ?? [],
                           createdAt: row[3], revokedAt: row[4])
    }
}
