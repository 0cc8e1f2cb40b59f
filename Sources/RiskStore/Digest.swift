import Crypto
import Foundation

/// SHA-256 digests as lower-case hex (file checksums, model and data fingerprints).
///
/// Wraps swift-crypto so that modules above the store need not depend on it.
public struct Digest {
    private var hasher = SHA256()

    public init() {}

    public mutating func update(_ data: Data) { hasher.update(data: data) }
    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }
    public mutating func update(_ text: String) { hasher.update(data: Data(text.utf8)) }

    /// The hex digest; the hasher is consumed.
    public func finalize() -> String {
        hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The hex SHA-256 of `data`.
    public static func sha256(_ data: Data) -> String {
        var digest = Digest(); digest.update(data); return digest.finalize()
    }

    /// The hex SHA-256 of a file, read in 1 MiB chunks (never whole in memory).
    public static func sha256(fileAt path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var digest = Digest()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { digest.update(chunk) }
        return digest.finalize()
    }
}
