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
        result = result.replacingOccurrences(of: "有限责任公司", with: "有限公司")
        result = result.replacingOccurrences(of: "股份有限公司", with: "有限公司")
        return result
    }

    /// The normalised form of an address (name rules, then punctuation removed).
    public static func address(_ text: String) -> String {
        String(String.UnicodeScalarView(name(text).unicodeScalars.filter {
            !$0.properties.isWhitespace && !"(),.-_#·、，。－—".unicodeScalars.contains($0)
        }))
    }
}
