import RiskReports

/// HTML escaping for text and attribute values.
enum HTMLText {
    /// The report writers' escaping (RiskReports), so console and report escape alike.
    static func escape(_ text: String) -> String { ReportText.escape(text) }

    /// Percent-encodes a path segment or query value.
    static func urlComponent(_ text: String) -> String {
        var allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        allowed.remove(UInt8(ascii: "+"))
        var out = ""
        for byte in text.utf8 {
            if allowed.contains(byte) { out.append(Character(Unicode.Scalar(byte))) } else {
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
