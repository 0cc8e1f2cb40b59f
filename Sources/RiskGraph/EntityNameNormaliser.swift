/// Normalises entity names and addresses so that spellings of one name compare equal.
///
/// Names: full-width ASCII (`Ａ`, `１`, `（`) to half-width, the ideographic space and all
/// white space removed, brackets unified to `(` `)`, Latin letters lower-cased, and the
/// legal-form suffix variants 有限责任公司 / 股份有限公司 / 有限公司 reduced to 有限公司.
/// Addresses additionally drop punctuation. O(length).
public enum EntityNameNormaliser {
    /// The normalised form of a company or person name.
    public static func name(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            var value = scalar.value
            if value == 0x3000 { continue }                       // ideographic space
            if value >= 0xFF01 && value <= 0xFF5E { value -= 0xFEE0 } // full width → ASCII
            guard let mapped = Unicode.Scalar(value) else { continue }
            if mapped.properties.isWhitespace { continue }
            switch mapped {
            case "【", "〔", "［", "[", "{", "｛", "<", "《": out.append("(")
            case "】", "〕", "］", "]", "}", "｝", ">", "》": out.append(")")
            default:
                if mapped.isASCII { out.append(contentsOf: String(mapped).lowercased().unicodeScalars) } else { out.append(mapped) }
            }
        }
        var result = String(out)
        if result.contains("有限") {
            result = result.replacingOccurrences(of: "有限责任公司", with: "有限公司")
            result = result.replacingOccurrences(of: "股份有限公司", with: "有限公司")
        }
        return result
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
