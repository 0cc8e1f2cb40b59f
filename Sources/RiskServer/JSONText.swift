import RiskDomain

/// The bytes of `JSONValue.serialized(pretty: true)`, written straight into a byte array.
///
/// The API answers every JSON body through this. `JSONValue.serialized` builds a `String`
/// by appending unicode scalars one at a time, which was the largest single cost of a
/// company-detail request (15 % of the server's CPU in the profile); here unescaped runs of
/// a string are copied as whole UTF-8 slices. The output is the same byte for byte (the
/// same two-space indentation, `JSONValue.format` for doubles, RFC 8259 escapes with
/// non-ASCII left as UTF-8); a test compares the two on every kind of value.
enum JSONText {
    /// The pretty-printed bytes of `value`, plus a final newline when `newline` is true.
    static func bytes(_ value: JSONValue, newline: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(value, into: &out, indent: 0)
        if newline { out.append(0x0A) }
        return out
    }

    static func write(_ value: JSONValue, into out: inout [UInt8], indent: Int) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: flag ? "true".utf8 : "false".utf8)
        case .int(let number): writeInt(number, into: &out)
        case .double(let number): out.append(contentsOf: JSONValue.format(number).utf8)
        case .string(let text): escape(text, into: &out)
        case .array(let values):
            if values.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(0x5B)
            for index in values.indices {
                if index > 0 { out.append(0x2C) }
                newline(indent + 1, into: &out)
                write(values[index], into: &out, indent: indent + 1)
            }
            newline(indent, into: &out)
            out.append(0x5D)
        case .object(let members):
            if members.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(0x7B)
            for index in members.indices {
                if index > 0 { out.append(0x2C) }
                newline(indent + 1, into: &out)
                escape(members[index].0, into: &out)
                out.append(0x3A); out.append(0x20)
                write(members[index].1, into: &out, indent: indent + 1)
            }
            newline(indent, into: &out)
            out.append(0x7D)
        }
    }

    @inline(__always)
    static func newline(_ indent: Int, into out: inout [UInt8]) {
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: 2 * indent))
    }

    static func writeInt(_ number: Int, into out: inout [UInt8]) {
        if number < 0 { out.append(0x2D) }
        var magnitude = number.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            out.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// `text` as a JSON string: `"` and `\` escaped, `\n` `\r` `\t` by name, other control
    /// characters as `\u00XX`, everything else (non-ASCII included) as its UTF-8 bytes.
    static func escape(_ text: String, into out: inout [UInt8]) {
        out.append(0x22)
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                if byte >= 0x20, byte != 0x22, byte != 0x5C { continue }
                if start < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index])) }
                start = index + 1
                switch byte {
                case 0x22: out.append(0x5C); out.append(0x22)
                case 0x5C: out.append(0x5C); out.append(0x5C)
                case 0x0A: out.append(0x5C); out.append(0x6E)
                case 0x0D: out.append(0x5C); out.append(0x72)
                case 0x09: out.append(0x5C); out.append(0x74)
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 15)])
                }
            }
            if start < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...])) }
        }
        out.append(0x22)
    }
}
