/// Normalises entity names and addresses so that spellings of one name compare equal.
///
/// Names: full-width ASCII (`Ａ`, `１`, `（`) to half-width, the ideographic space and all
/// white space and invisible format characters (zero-width space and joiners, word joiner,
/// byte-order mark: pasted from web pages) removed, brackets unified to `(` `)`, Latin
/// letters lower-cased, and 有限责任公司 reduced to 有限公司 (one legal form, two spellings).
/// 股份有限公司 stays: a joint-stock company is another legal form, and in the registry
/// 某某股份有限公司 and 某某有限公司 are two companies (found by review: a watch list's
/// 股份有限公司 was scored silently as the 有限公司 of the same words).
/// Addresses additionally drop punctuation. O(length).
public enum EntityNameNormaliser {
    /// The normalised form of a company or person name.
    public static func name(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var hasLegalForm = false
        for scalar in text.unicodeScalars {
            var value = scalar.value
            if value == 0x3000 { continue }                       // ideographic space
            if value >= 0xFF01 && value <= 0xFF5E { value -= 0xFEE0 } // full width → ASCII
            if value < 0x80 {
                // ASCII: White_Space is 9…13 and space; letters lower-cased.
                if (9...13).contains(value) || value == 32 { continue }
                switch value {
                case 0x5B, 0x7B, 0x3C: out.append("(")            // [ { <
                case 0x5D, 0x7D, 0x3E: out.append(")")            // ] } >
                case 0x41...0x5A: out.append(Unicode.Scalar(UInt8(value + 32)))
                default: out.append(Unicode.Scalar(UInt8(value)))
                }
                continue
            }
            guard let mapped = Unicode.Scalar(value) else { continue }
            // No White_Space scalar lies above U+3000: skip the property lookup for CJK.
            if value < 0x3000, mapped.properties.isWhitespace { continue }
            if isInvisibleFormat(mapped) { continue }
            switch mapped {
            case "【", "〔", "［", "《": out.append("(")
            case "】", "〕", "］", "》": out.append(")")
            case "｛": out.append("(")
            case "｝": out.append(")")
            default:
                if value == 0x6709 { hasLegalForm = true }        // 有
                out.append(mapped)
            }
        }
        var result = String(out)
        if hasLegalForm {
            result = replacing(result, "有限责任公司", with: "有限公司")
        }
        return result
    }

    /// Whether `scalar` is an invisible format character pasted from web pages: zero-width
    /// space, non-joiner and joiner, word joiner, byte-order mark.
    public static func isInvisibleFormat(_ scalar: Unicode.Scalar) -> Bool {
        (0x200B...0x200D).contains(scalar.value) || scalar.value == 0x2060 || scalar.value == 0xFEFF
    }

    /// `text` with every non-overlapping occurrence of `target` (left to right) replaced, by
    /// UTF-8 bytes (the same as a literal search for these CJK strings). O(length).
    static func replacing(_ text: String, _ target: String, with replacement: String) -> String {
        let source = Array(text.utf8), pattern = Array(target.utf8)
        guard source.count >= pattern.count, let first = pattern.first else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(source.count)
        var i = 0, changed = false
        while i < source.count {
            if source[i] == first, i + pattern.count <= source.count, source[i ..< i + pattern.count].elementsEqual(pattern) {
                out.append(contentsOf: replacement.utf8); i += pattern.count; changed = true
            } else {
                out.append(source[i]); i += 1
            }
        }
        return changed ? String(decoding: out, as: UTF8.self) : text
    }

    /// The normalised form of an address: white space (also U+3000) and punctuation
    /// dropped, full-width ASCII made half-width, Latin letters lower-cased.
    public static func address(_ text: String) -> String {
        var copy = text
        var out: [UInt8] = []
        copy.withUTF8 { addressBytes($0, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// ``address(_:)`` on UTF-8 bytes, into a reusable buffer (the graph build's hot path).
    /// O(length), no allocation when `out` has capacity.
    static func addressBytes(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        let n = bytes.count
        var i = 0
        @inline(__always) func ascii(_ b: UInt8) {
            switch b {
            case 9, 10, 13, 32, UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: "."),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "#"), UInt8(ascii: "["), UInt8(ascii: "]"),
                 UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "<"), UInt8(ascii: ">"):
                return
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): out.append(b + 32)
            default: out.append(b)
            }
        }
        while i < n {
            let b = bytes[i]
            if b < 0x80 { ascii(b); i += 1; continue }
            if b == 0xEF, i + 2 < n, bytes[i + 1] == 0xBC || bytes[i + 1] == 0xBD {
                let scalar = 0xFF00 + (bytes[i + 1] == 0xBD ? 0x40 : 0) + Int(bytes[i + 2] & 0x3F)
                if (0xFF01...0xFF5E).contains(scalar) { ascii(UInt8(scalar - 0xFEE0)); i += 3; continue }
            }
            if b == 0xE3, i + 2 < n, bytes[i + 1] == 0x80, [0x80, 0x81, 0x82, 0x8A, 0x8B, 0x90, 0x91].contains(bytes[i + 2]) {
                i += 3; continue                                    // 　、。《》【】
            }
            if b == 0xE2, i + 2 < n, bytes[i + 1] == 0x80, bytes[i + 2] == 0x94 { i += 3; continue }   // —
            if b == 0xC2, i + 1 < n, bytes[i + 1] == 0xB7 { i += 2; continue }                         // ·
            let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
            var k = 0
            while k < length && i < n { out.append(bytes[i]); i += 1; k += 1 }
        }
    }
}
