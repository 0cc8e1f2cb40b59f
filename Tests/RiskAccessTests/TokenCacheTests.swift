import Foundation
@testable import RiskAccess
import RiskStore
import RiskTestSupport
import Synchronization
import Testing

/// The server's token cache: answers from memory for at most `maxAge` seconds, so a
/// revocation by another process (here: a second connection to the same file) is honoured
/// within that bound, and a token created elsewhere works at once.
@Suite struct TokenCacheTests {
    let now = Date(timeIntervalSince1970: 1_767_225_600)

    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        let seconds = Mutex<Double>(100)
        func advance(_ by: Double) { seconds.withLock { $0 += by } }
        var read: @Sendable () -> Double { { [self] in seconds.withLock { $0 } } }
    }

    @Test func aRevocationByAnotherConnectionIsHonouredAfterTheBound() throws {
        let test = try TestDatabase()
        defer { test.remove() }
        let clock = ManualClock()
        let cache = TokenCache(store: TokenStore(database: test.database), maxAge: 1, now: clock.read)
        var generator = FixedGenerator(state: 11)
        let (token, _) = try TokenStore(database: test.database).create(name: "dana", role: .analyst, regions: [], now: now, using: &generator)
        #expect(cache.fresh(token) == nil)                    // never read yet
        #expect(try cache.authenticate(token)?.name == "dana")
        #expect(cache.fresh(token)?.name == "dana")

        // Another process revokes it (its own connection to the file).
        let other = try RiskDatabase.open(path: test.path)
        try TokenStore(database: other).revoke(name: "dana", now: now)
        clock.advance(0.9)
        #expect(cache.fresh(token)?.name == "dana")           // within the bound: still trusted
        clock.advance(0.2)
        #expect(cache.fresh(token) == nil)                    // past it: must be read again
        #expect(try cache.authenticate(token) == nil)
        #expect(try cache.authenticate(token) == nil)         // and refusals are not cached
    }

    @Test func unknownTokensAreNotCachedSoNewOnesWorkAtOnce() throws {
        let test = try TestDatabase()
        defer { test.remove() }
        let cache = TokenCache(store: TokenStore(database: test.database), maxAge: 60, now: ManualClock().read)
        // The token a FixedGenerator with this seed will create, presented before it exists.
        var preview = FixedGenerator(state: 12)
        let scratch = try TestDatabase()
        defer { scratch.remove() }
        let (token, _) = try TokenStore(database: scratch.database).create(name: "x", role: .admin, regions: [], now: now, using: &preview)
        #expect(try cache.authenticate(token) == nil)
        var generator = FixedGenerator(state: 12)
        let other = try RiskDatabase.open(path: test.path)
        let (created, _) = try TokenStore(database: other).create(name: "erin", role: .admin, regions: ["33"], now: now, using: &generator)
        #expect(created == token)
        let record = try cache.authenticate(token)
        #expect(record?.name == "erin")
        #expect(record?.role == .admin)
        #expect(record?.regions == ["33"])
    }

    @Test func malformedTokensNeverReachTheDatabase() throws {
        let test = try TestDatabase()
        defer { test.remove() }
        let cache = TokenCache(store: TokenStore(database: test.database))
        #expect(cache.fresh("garbage") == nil)
        #expect(try cache.authenticate("garbage") == nil)
        #expect(try cache.authenticate("rbk_" + String(repeating: "g", count: 63)) == nil)
        #expect(TokenCache.digest("rbk_" + String(repeating: "0", count: 64)) != nil)
        #expect(TokenCache.digest("rbk_" + String(repeating: "0", count: 65)) == nil)
    }

    @Test func theHashIsLowerCaseHexOfTheSHA256() {
        // sha256("abc"), the FIPS 180-2 example.
        #expect(TokenStore.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
