/// One record behind a reason: its kind (`case`, `news`, `product`, `licence`,
/// `compliance`, `company`, `chain`), a key that finds it (case number, news id, product
/// name, licence and date, listing kind and date, credit code) and a short text.
public struct Evidence: Sendable, Hashable, Comparable {
    public var kind: String
    public var key: String
    public var text: String

    public init(kind: String, key: String, text: String) { self.kind = kind; self.key = key; self.text = text }

    public static func < (lhs: Evidence, rhs: Evidence) -> Bool {
        (lhs.kind, lhs.key, lhs.text) < (rhs.kind, rhs.key, rhs.text)
    }
}
