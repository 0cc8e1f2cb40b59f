import Foundation
import RiskDomain

/// The encoding a file was read in, as recorded in `import_file.encoding` (the one enum the
/// small-file reader ``TextDecoding`` reports too).
public typealias DetectedEncoding = TextDecoding.Encoding

/// A file's bytes as UTF-8, whatever its encoding: strips a UTF-8 BOM, detects GB18030
/// and transcodes it chunk-wise at line boundaries.
///
/// Detection (`--encoding auto`): a file is UTF-8 when its first chunk (1 MiB, cut at the
/// last line feed) is valid UTF-8, else GB18030. A byte 0x0A never occurs inside a
/// GB18030 multi-byte sequence, so cutting at line feeds never splits a character. UTF-8
/// found invalid later in the file is reported by the CSV reader with its line.
final class DecodedByteStream {

    let source: FileByteSource
    private(set) var encoding: DetectedEncoding
    /// Decoded bytes not yet handed out (the first chunk).
    private var firstChunk: [UInt8]
    /// GB18030: raw bytes after the last line feed, waiting for the rest of their line.
    private var carry: [UInt8] = []
    /// GB18030: line feeds decoded so far (for error lines).
    private var linesDecoded = 0
    /// GB18030: the first line holding a byte sequence that is not GB18030, handed on as the
    /// byte 0xFF (see ``decode(_:into:)``); the importer checks it once the file is read, for
    /// bad bytes in cells it never reads.
    private(set) var firstInvalidLine: Int?
    /// Detected as UTF-8, but maybe GB18030: see ``mayBeGB18030(_:complete:)``.
    private(set) var suspectGB18030 = false

    init(source: FileByteSource, choice: TextEncodingChoice) throws(ImportError) {
        self.source = source
        var first: [UInt8] = []
        first.reserveCapacity(FileByteSource.chunkSize + 16)
        // Read at least a few bytes so that a BOM split by a tiny read is still seen.
        while first.count < FileByteSource.chunkSize, try source.read(appendingTo: &first) > 0 {}
        if first.isEmpty { throw .empty(path: source.path) }
        if first.count >= 2, (first[0] == 0xFF && first[1] == 0xFE) || (first[0] == 0xFE && first[1] == 0xFF) {
            throw .unsupportedEncoding(path: source.path, what: "UTF-16 (byte-order mark \(first[0] == 0xFF ? "FF FE" : "FE FF"))")
        }
        if let nul = first.firstIndex(of: 0) {
            let place = Self.place(of: nul, in: first)
            throw .binary(path: source.path, line: place.line, column: place.column)
        }
        if let carriageReturn = Self.bareCarriageReturn(inFirstRecordOf: first) {
            let place = Self.place(of: carriageReturn, in: first)
            throw .bareCarriageReturn(path: source.path, line: place.line, column: place.column)
        }
        var hasBOM = false
        if first.count >= 3, first[0] == 0xEF, first[1] == 0xBB, first[2] == 0xBF {
            hasBOM = true
            first.removeFirst(3)
        }
        switch choice {
        case .utf8:
            encoding = hasBOM ? .utf8WithBOM : .utf8
        case .gb18030:
            encoding = .gb18030
        case .auto:
            if hasBOM {
                encoding = .utf8WithBOM
            } else if first.count >= 4, first[0] == 0x84, first[1] == 0x31, first[2] == 0x95, first[3] == 0x33 {
                encoding = .gb18030
                first.removeFirst(4)
            } else {
                encoding = Self.looksLikeUTF8(first, complete: source.atEnd) ? .utf8 : .gb18030
                if encoding == .utf8 { suspectGB18030 = Self.mayBeGB18030(first, complete: source.atEnd) }
            }
        }
        if encoding == .gb18030 {
            carry = first
            firstChunk = []
        } else {
            firstChunk = first
        }
    }

    /// ``TextDecoding/looksLikeUTF8(_:)`` on a chunk of a file. When not `complete`, an
    /// incomplete sequence cut off at the end is allowed (the check stops at the last line
    /// feed, or backs up over trailing continuation bytes).
    static func looksLikeUTF8(_ bytes: [UInt8], complete: Bool) -> Bool {
        var end = bytes.count
        if !complete {
            if let lastLF = bytes.lastIndex(of: 0x0A) {
                end = lastLF + 1
            } else {
                var back = 0
                while end > 0, back < 4, bytes[end - 1] & 0xC0 == 0x80 { end -= 1; back += 1 }
                if end > 0, bytes[end - 1] >= 0xC0 { end -= 1 }
            }
        }
        return bytes.withUnsafeBufferPointer { TextDecoding.looksLikeUTF8(UnsafeBufferPointer(rebasing: $0[0..<end])) }
    }

    /// True when `bytes` (valid UTF-8) hold non-ASCII characters but not one Chinese character,
    /// while read as GB18030 they do: a small GB18030 file whose names happen to be valid
    /// UTF-8 (谭梅 in GB18030 is `̷÷` in UTF-8). The import then warns rather than guesses: a
    /// UTF-8 file of accented Latin names reads as Chinese in GB18030 too.
    static func mayBeGB18030(_ bytes: [UInt8], complete: Bool) -> Bool {
        var end = bytes.count
        if !complete, let lastLF = bytes.lastIndex(of: 0x0A) { end = lastLF + 1 }
        guard let text = bytes.withUnsafeBufferPointer({ String(validating: UnsafeBufferPointer(rebasing: $0[0..<end]), as: UTF8.self) }),
              text.unicodeScalars.contains(where: { $0.value >= 0x80 }),
              !text.unicodeScalars.contains(where: TextDecoding.isChinese),
              let other = String(data: Data(bytes[0..<end]), encoding: TextDecoding.gb18030) else { return false }
        return other.unicodeScalars.contains(where: TextDecoding.isChinese)
    }

    /// Appends decoded UTF-8 bytes to `buffer`; returns false when the file is exhausted.
    func fill(_ buffer: inout [UInt8]) throws(ImportError) -> Bool {
        if !firstChunk.isEmpty {
            buffer.append(contentsOf: firstChunk)
            firstChunk = []
            return true
        }
        switch encoding {
        case .utf8, .utf8WithBOM:
            return try source.read(appendingTo: &buffer) > 0
        case .gb18030:
            while true {
                let before = carry.count
                let more = try source.read(appendingTo: &carry)
                if more == 0 {
                    if carry.isEmpty { return false }
                    decode(carry[...], into: &buffer)
                    carry = []
                    return true
                }
                if let lastLF = carry[before...].lastIndex(of: 0x0A) {
                    decode(carry[..<(lastLF + 1)], into: &buffer)
                    carry.removeSubrange(0...lastLF)
                    return true
                }
            }
        }
    }

    /// Decodes GB18030 `bytes` (whole lines) into `buffer` as UTF-8.
    ///
    /// A line that does not decode is decoded sequence by sequence, and every sequence that
    /// is not GB18030 becomes the byte 0xFF, which is never valid UTF-8: the CSV reader's
    /// cell check then reports it like a bad UTF-8 byte, with the record's line and the
    /// field's number (an error here could name only the line). A NUL byte is handed on
    /// too, for the CSV reader to report with its place.
    private func decode(_ bytes: ArraySlice<UInt8>, into buffer: inout [UInt8]) {
        if let text = TextDecoding.decodeGB18030(bytes) {
            buffer.append(contentsOf: text.utf8)
            linesDecoded += bytes.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            return
        }
        // Slow path, only on bad input.
        var first = true
        for piece in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if !first {
                buffer.append(0x0A)
                linesDecoded += 1
            }
            first = false
            if let text = TextDecoding.decodeGB18030(piece) {
                buffer.append(contentsOf: text.utf8)
                continue
            }
            if firstInvalidLine == nil { firstInvalidLine = linesDecoded + 1 }
            Self.decodeMarkingInvalid(piece, into: &buffer)
        }
    }

    /// Decodes the GB18030 `bytes` one sequence at a time, a sequence that is not GB18030
    /// becoming the byte 0xFF (and decoding going on at the next byte).
    static func decodeMarkingInvalid(_ bytes: ArraySlice<UInt8>, into buffer: inout [UInt8]) {
        let copy = Array(bytes)
        copy.withUnsafeBufferPointer { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    buffer.append(byte)
                    index += 1
                    continue
                }
                guard let length = TextDecoding.gb18030SequenceLength(bytes, at: index),
                      let text = String(data: Data(bytes[index..<(index + length)]), encoding: TextDecoding.gb18030) else {
                    buffer.append(0xFF)
                    index += 1
                    continue
                }
                buffer.append(contentsOf: text.utf8)
                index += length
            }
        }
    }

    /// The offset of the first bare CR (followed by a byte other than CR or LF) outside
    /// quotes in the first record of `bytes`, the start of a file; nil when there is none.
    ///
    /// Records end at LF (or CR LF), so a file whose lines end in a bare CR, as classic Mac
    /// OS wrote them, is one record to the reader: its header swallowed every row, which
    /// were lost as unknown columns, or the import failed on a missing column. Checked on
    /// the header only, once per file, so the reader's loop stays as it is. CR CR LF (a
    /// CR LF written in Windows text mode) is a line end, as before.
    static func bareCarriageReturn(inFirstRecordOf bytes: [UInt8]) -> Int? {
        var quoted = false, atFieldStart = true
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == 0x22 {
                    if index + 1 < bytes.count, bytes[index + 1] == 0x22 { index += 2; continue }
                    quoted = false
                }
                index += 1
                continue
            }
            switch byte {
            case 0x0A:
                return nil
            case 0x0D where index + 1 < bytes.count && bytes[index + 1] != 0x0A && bytes[index + 1] != 0x0D:
                return index
            case 0x22 where atFieldStart:
                quoted = true
            default:
                break
            }
            atFieldStart = byte == 0x2C
            index += 1
        }
        return nil
    }

    /// Where the byte at `offset` of a file's first bytes is, read as the CSV reader reads
    /// them (a quoted field may hold commas and line breaks): the record's first line and
    /// the field's number, the place every `file:line:column` of an import names.
    /// (A `"` or `,` never occurs inside a GB18030 or UTF-8 multi-byte sequence.)
    static func place(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, recordLine = 1, field = 1
        var quoted = false, atFieldStart = true
        var index = 0
        while index < offset {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == 0x22 {
                    if index < offset, bytes[index] == 0x22 { index += 1 } else { quoted = false }
                } else if byte == 0x0A {
                    line += 1
                }
                continue
            }
            switch byte {
            case 0x22 where atFieldStart:
                quoted = true
                atFieldStart = false
            case 0x2C:
                field += 1
                atFieldStart = true
            case 0x0A:
                line += 1
                recordLine = line
                field = 1
                atFieldStart = true
            default:
                atFieldStart = false
            }
        }
        return (recordLine, field)
    }
}
