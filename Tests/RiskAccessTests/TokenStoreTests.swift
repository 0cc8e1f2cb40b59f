import Foundation
import RiskAccess
import RiskStore
import RiskTestSupport
import Testing

/// A deterministic generator for token bytes (SplitMix64).
struct FixedGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct TokenStoreTests {
    let now = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01T00:00:00Z

    @Test func createStoresOnlyTheHashAndAuthenticates() throws {
        let test = try TestDatabase()
        defer { test.remove() }
        let store = TokenStore(database: test.database)
        var generator = FixedGenerator(state: 1)
        let (token, record) = try store.create(name: "alice", role: .analyst, regions: ["3301"], now: now, using: &generator)
        #expect(token.hasPrefix("rbk_"))
        #expect(token.count == 4 + 64)
        #expect(record.createdAt == "2026-01-01T00:00:00Z")
        let stored = try test.database.writer.read { db in try String.fetchAll(db, sql: "SELECT token_sha256 FROM access_token") }
        #expect(stored == [TokenStore.hash(token)])
        #expect(!stored[0].contains(token.dropFirst(4)))
        #expect(try store.authenticate(token)?.name == "alice")
        #expect(try store.authenticate(token)?.regions == ["3301"])
        #expect(try store.authenticate("rbk_" + String(repeating: "0", count: 64)) == nil)
        #expect(try store.authenticate("not a token") == nil)
    }

    @Test func namesAreUniqueAndRevokeEndsAccess() throws {
        let test = try TestDatabase()
        defer { test.remove() }
        let store = TokenStore(database: test.database)
        var generator = FixedGenerator(state: 2)
        let (token, _) = try store.create(name: "bob", role: .admin, regions: [], now: now, using: &generator)
        #expect(throws: AccessError.duplicateName("bob")) {
            try store.create(name: "bob", role: .analyst, regions: [], now: now, using: &generator)
        }
        try store.revoke(name: "bob", now: now.addingTimeInterval(60))
        #expect(try store.authenticate(token) == nil)
        #expect(try store.list().map(\.revokedAt) == ["2026-01-01T00:01:00Z"])
        #expect(throws: AccessError.alreadyRevoked("bob")) { try store.revoke(name: "bob", now: now) }
        #expect(throws: AccessError.unknownName("carol")) { try store.revoke(name: "carol", now: now) }
    }

    @Test func badNamesAndRegionsAreRejected() throws {
        let test = try TestDatabase()
        defer { test.remove() }
        let store = TokenStore(database: test.database)
        var generator = FixedGenerator(state: 3)
        #expect(throws: AccessError.badName("a b")) { try store.create(name: "a b", role: .analyst, regions: [], now: now, using: &generator) }
        #expect(throws: AccessError.badName("a\u{7}b")) { try TokenStore.validateName("a\u{7}b") }
        #expect(throws: AccessError.badName(String(repeating: "x", count: 65))) { try TokenStore.validateName(String(repeating: "x", count: 65)) }
        // The audit log's name for requests without a valid token is no token's name.
        #expect(throws: AccessError.badName("(none)")) { try TokenStore.validateName("(none)") }
        #expect(AccessError.badName("(none)").description.contains("reserved"))
        try TokenStore.validateName("张三-ops_1")
        #expect(throws: AccessError.badRegion("33x")) { try store.create(name: "ok", role: .analyst, regions: ["33x"], now: now, using: &generator) }
        #expect(try TokenStore.validateRegions(["3302", "33", "3302"]) == ["33", "3302"])
    }

    @Test func rolesOrderAnalystBelowAdmin() {
        #expect(AccessRole.admin.satisfies(.analyst))
        #expect(!AccessRole.analyst.satisfies(.admin))
        #expect(AccessRole.analyst.satisfies(.analyst))
    }
}

@Suite struct AuditLogTests {
    @Test func appendsAndFiltersBySinceAndToken() throws {
        let test = try TestDatabase()
        defer { test.remove() }
        let log = AuditLog(database: test.database)
        try log.append([
            AuditEntry(tokenName: "alice", at: "2026-01-01T09:00:00Z", method: "GET", path: "/api/v1/companies/X", what: "X", resultCount: 1, status: 200),
            AuditEntry(tokenName: "bob", at: "2026-01-02T10:00:00Z", method: "POST", path: "/api/v1/score", what: "score list of 3", resultCount: 3, status: 200),
            AuditEntry(tokenName: "alice", at: "2026-01-03T11:00:00Z", method: "GET", path: "/api/v1/chain", what: "chain A B", resultCount: 0, status: 404),
        ])
        #expect(try log.entries().count == 3)
        #expect(try log.entries(since: "2026-01-02").map(\.tokenName) == ["bob", "alice"])
        #expect(try log.entries(token: "alice").map(\.status) == [200, 404])
        #expect(try log.entries(since: "2026-01-02", token: "alice").map(\.what) == ["chain A B"])
    }

    @Test func timestampIsUTCSeconds() {
        #expect(AuditLog.timestamp(Date(timeIntervalSince1970: 1_767_225_600 + 3_723.9)) == "2026-01-01T01:02:03Z")
        #expect(AuditLog.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
    }
}
