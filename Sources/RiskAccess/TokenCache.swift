import Crypto
import Dispatch
import Foundation
import Synchronization

/// Token checks answered from memory: an active token's record is kept for at most
/// ``maxAge`` seconds after it was last read from the database, then read again.
///
/// The bound: a token revoked by another process (`riskbrain token revoke` while the server
/// runs) is refused at most ``maxAge`` seconds after the revocation commits. Unknown tokens
/// are never cached, so a token created by another process works at once, and a stream of
/// wrong tokens costs one indexed read each, as without the cache.
///
/// Entries are keyed by the token's sha256 digest, so the cache holds no token text. At most
/// ``maxEntries`` tokens are kept; beyond that the cache is emptied (tokens are few; a full
/// cache means someone is presenting many valid tokens, and the next checks read them again).
public final class TokenCache: Sendable {
    public let store: TokenStore
    /// Seconds an entry is trusted after its read.
    public let maxAge: Double
    /// Entries kept at most.
    public let maxEntries: Int
    /// Monotonic seconds (injected for tests).
    let now: @Sendable () -> Double
    private let entries = Mutex<[Key: Entry]>([:])

    /// A sha256 digest as four words (`SHA256Digest` is not `Sendable`).
    struct Key: Hashable, Sendable {
        var words: (UInt64, UInt64, UInt64, UInt64)
        static func == (a: Key, b: Key) -> Bool { a.words == b.words }
        func hash(into hasher: inout Hasher) { hasher.combine(words.0); hasher.combine(words.1) }
    }

    struct Entry: Sendable {
        var token: AccessToken
        var readAt: Double
    }

    /// - Parameters:
    ///   - maxAge: seconds an active token is trusted without a database read (the revocation bound).
    ///   - now: monotonic seconds; the default is the system's uptime clock.
    public init(store: TokenStore, maxAge: Double = 1, maxEntries: Int = 1024,
                now: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }) {
        self.store = store
        self.maxAge = maxAge
        self.maxEntries = maxEntries
        self.now = now
    }

    /// The digest a token's text is cached under, nil when the text cannot be a token.
    static func digest(_ text: String) -> Key? {
        guard text.utf8.count == TokenStore.prefix.utf8.count + 64, text.hasPrefix(TokenStore.prefix) else { return nil }
        var text = text
        let digest = text.withUTF8 { SHA256.hash(data: $0) }
        return digest.withUnsafeBytes { bytes in
            Key(words: (bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                        bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
        }
    }

    /// The cached record of an active token read less than ``maxAge`` seconds ago; nil when
    /// the check needs the database (``authenticate(_:)``). No database access, no hashing
    /// beyond one sha256.
    public func fresh(_ text: String) -> AccessToken? {
        guard let key = Self.digest(text) else { return nil }
        let time = now()
        return entries.withLock { entries -> AccessToken? in
            guard let entry = entries[key], time - entry.readAt < maxAge else { return nil }
            return entry.token
        }
    }

    /// The active token whose text is `text` (from the cache when fresh, else read from the
    /// database and cached), or nil (unknown, malformed or revoked).
    public func authenticate(_ text: String) throws -> AccessToken? {
        if let hit = fresh(text) { return hit }
        guard let key = Self.digest(text) else { return nil }
        let time = now()
        let token = try store.authenticate(text)
        entries.withLock { entries in
            guard let token else { entries[key] = nil; return }
            if entries.count >= maxEntries, entries[key] == nil { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(token: token, readAt: time)
        }
        return token
    }
}
