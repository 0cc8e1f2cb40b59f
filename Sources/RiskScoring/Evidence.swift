/// One record behind a reason: its kind (`case`, `news`, `product`, `licence`,
/// `compliance`, `company`, `chain`), a key that names it for a reader (case number, news id,
/// product name, licence and date, listing kind and date, credit code), the row that is it,
/// and a short text.
///
/// The key alone may name several stored records (one case number with three counterparties,
/// two rows of one product, two listings on one day): ``row`` is the one this evidence was
/// read from, so a citation shows that record and no other.
public struct Evidence: Sendable, Hashable, Comparable {
    public var kind: String
    public var key: String
    public var text: String
    /// The record's row id in its table (`litigation` for `case`, `product`, `compliance`,
    /// `licence`), or nil where the key is the whole identity (`news` id, `company` credit
    /// code) or there is no one record (`chain`).
    public var row: Int64?
    /// For `chain` evidence: its links, and the credit codes of the companies on it (the
    /// scored company first, the source last), so a region-limited reader's copy can hide
    /// the companies outside its regions. Not rendered.
    public var chain: [ChainLink] = []
    public var path: [String] = []

    public init(kind: String, key: String, text: String, row: Int64? = nil) {
        self.kind = kind; self.key = key; self.text = text; self.row = row
    }

    public static func < (lhs: Evidence, rhs: Evidence) -> Bool {
        (lhs.kind, lhs.key, lhs.text, lhs.row ?? -1) < (rhs.kind, rhs.key, rhs.text, rhs.row ?? -1)
    }
}
