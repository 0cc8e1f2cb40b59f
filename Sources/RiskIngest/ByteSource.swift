import Foundation
import RiskStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file read in 1 MiB chunks with `fread`, hashed (SHA-256) and counted as it goes.
///
/// Never holds more than one chunk of the file: the importer streams, so a 1 GB
/// export costs the same memory as a 1 KB one.
final class FileByteSource {
    /// Chunk size: 1 MiB.
    static let chunkSize = 1 << 20

    let path: String
    private let file: UnsafeMutablePointer<FILE>
    private var digest = Digest()
    private var chunk: [UInt8]
    /// Bytes read so far.
    private(set) var bytesRead = 0
    /// True once `fread` returned 0 bytes.
    private(set) var atEnd = false

    init(path: String) throws(ImportError) {
        guard let file = fopen(path, "rb") else {
            throw .cannotRead(path: path, reason: String(cString: strerror(errno)))
        }
        self.path = path
        self.file = file
        chunk = [UInt8](repeating: 0, count: Self.chunkSize)
    }

    deinit { fclose(file) }

    /// Appends up to one chunk to `buffer`; returns the number of bytes appended (0 at end of file).
    func read(appendingTo buffer: inout [UInt8]) throws(ImportError) -> Int {
        if atEnd { return 0 }
        let count = chunk.withUnsafeMutableBytes { raw in fread(raw.baseAddress, 1, raw.count, file) }
        if count == 0 {
            if ferror(file) != 0 { throw .cannotRead(path: path, reason: String(cString: strerror(errno))) }
            atEnd = true
            return 0
        }
        chunk.withUnsafeBytes { raw in
            let part = UnsafeRawBufferPointer(rebasing: raw[0..<count])
            digest.update(part)
            buffer.append(contentsOf: part)
        }
        bytesRead += count
        return count
    }

    /// The SHA-256 of everything read; call after the end of the file was reached.
    func finalizeDigest() -> String { digest.finalize() }
}
