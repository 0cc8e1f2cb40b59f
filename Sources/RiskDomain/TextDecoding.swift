import Foundation

/// How the bytes of a text file become text: UTF-8 with or without a byte-order mark, or
/// GB18030 (so GBK and GB2312, what Excel saves as "CSV" on Chinese Windows). The rules
/// `riskbrain import` applies to exchange-format files (streamed, in RiskIngest), and
/// ``decode(_:)`` applies whole to the small files read at once: watch lists, labels,
/// uploads.
public enum TextDecoding {
    /// Why a CSV with a bare CR outside quotes is refused, said the same way by `import` and
    /// by the watch-list and labels reader: records end at LF, so such a file's lines (classic
    /// Mac OS line ends) would run together into one record.
    public static let bareCarriageReturnReason = "line ends are a bare CR (classic Mac OS): convert the file to LF or CRLF"

    /// Foundation's GB18030 (kCFStringEncodingGB_18030_2000 as an NSStringEncoding).
    public static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// The encoding a file was read in.
    public enum Encoding: String, Sendable, Equatable {
        case utf8 = "utf-8"
        case utf8WithBOM = "utf-8 (BOM)"
        case gb18030 = "gb18030"
    }

    /// A whole file decoded, or why it could not be.
    public enum Decoded: Sendable, Equatable {
        /// The text (byte-order mark removed) and the encoding it was read in.
        case text(String, Encoding)
        /// UTF-8 with a few bad bytes (``looksLikeUTF8(_:)``): the caller names the first bad
        /// byte's line and column, which is where the file needs mending.
        case invalidUTF8
        /// Neither UTF-8 nor GB18030: `line` is the first line that does not decode.
        case invalidGB18030(line: Int)
    }

    /// `data` as text: UTF-8 when it ``looksLikeUTF8(_:)`` (a UTF-8 byte-order mark
    /// removed), else GB18030. The same choice `import --encoding auto` makes on a file's
    /// first chunk; a small file is all one chunk.
    public static func decode(_ data: Data) -> Decoded {
        let bytes = [UInt8](data)
        let hasBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        let body = hasBOM ? Array(bytes.dropFirst(3)) : bytes
        if let text = String(validating: body, as: UTF8.self) { return .text(text, hasBOM ? .utf8WithBOM : .utf8) }
        if hasBOM || body.withUnsafeBufferPointer(looksLikeUTF8) { return .invalidUTF8 }
        if !body.contains(0), let text = decodeGB18030(body), !text.unicodeScalars.contains("\u{FFFD}") {
            return .text(text, .gb18030)
        }
        var line = 1
        for piece in body.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if piece.contains(0) || decodeGB18030(piece) == nil { break }
            line += 1
        }
        return .invalidGB18030(line: line)
    }

    /// True when `bytes` is UTF-8: valid, or UTF-8 text with a few bad bytes (at least four
    /// valid multi-byte characters per invalid sequence; GB18030 text makes a valid UTF-8
    /// character only by accident, about one per four invalid sequences in Chinese text).
    /// Such a file is read as UTF-8 so that the error names the bad cell's line and column;
    /// taken for GB18030 it would be read as mojibake, or fail far from the bad byte.
    public static func looksLikeUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if String(validating: bytes, as: UTF8.self) != nil { return true }
        // Not valid: count the evidence (only files that are not valid UTF-8 get here).
        var multiByte = 0, invalid = 0
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        counting: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): if scalar.count > 1 { multiByte += 1 }
            case .error: invalid += 1
            case .emptyInput: break counting
            }
        }
        return multiByte >= 4 * invalid
    }

    /// `bytes` read as GB18030, or nil when they are not GB18030. Foundation's decoder reads
    /// a lone 0x80 as € (the Windows code page 936 reading), so where a 0x80 occurs the
    /// sequences are also checked by their form (``gb18030SequenceLength(_:at:)``).
    public static func decodeGB18030(_ bytes: some Collection<UInt8>) -> String? {
        let data = Data(bytes)
        guard let text = String(data: data, encoding: gb18030) else { return nil }
        guard data.contains(0x80) else { return text }
        let wellFormed = data.withUnsafeBytes { raw -> Bool in
            let bytes = raw.bindMemory(to: UInt8.self)
            var index = 0
            while index < bytes.count {
                guard let length = gb18030SequenceLength(bytes, at: index) else { return false }
                index += length
            }
            return true
        }
        return wellFormed ? text : nil
    }

    /// The length of the GB18030 sequence starting at `index`, judged by its form: 1 for
    /// ASCII; 2 for a lead byte 0x81–0xFE and a second byte 0x40–0x7E or 0x80–0xFE; 4 for
    /// a lead byte, 0x30–0x39, 0x81–0xFE, 0x30–0x39. Nil where no sequence can start: 0x80
    /// and 0xFF (0x80 is € only in Windows code page 936, not in GB18030), a bad second
    /// byte, a sequence cut off. Whether a well-formed sequence names a character is the
    /// decoder's call.
    public static func gb18030SequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let lead = bytes[index]
        if lead < 0x80 { return 1 }
        guard lead != 0x80, lead != 0xFF, index + 1 < bytes.count else { return nil }
        let second = bytes[index + 1]
        if (0x40...0x7E).contains(second) || (0x80...0xFE).contains(second) { return 2 }
        guard (0x30...0x39).contains(second), index + 3 < bytes.count,
              (0x81...0xFE).contains(bytes[index + 2]), (0x30...0x39).contains(bytes[index + 3]) else { return nil }
        return 4
    }

    /// CJK ideographs (the BMP blocks and the supplementary planes) and CJK punctuation.
    public static func isChinese(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3000...0x303F, 0x3400...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF, 0x20000...0x3134F: return true
        default: return false
        }
    }
}
