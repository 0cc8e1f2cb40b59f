import RiskDomain

/// What ``BODSReader`` makes of a BODS 0.4 file: exchange-format records plus what the
/// file declares but the records cannot carry.
public struct BODSRecords: Sendable, Equatable {
    /// Entities that are the subject of a relationship (held companies), and entities with a
    /// credit code. See ``BODSReader`` for the synthetic credit code of the others.
    public var companies: [Company] = []
    /// Natural persons, id `bods:` + the BODS record id.
    public var persons: [Person] = []
    /// Direct shareholding / voting-rights interests (and ownership links of unknown share).
    public var shareholdings: [Shareholding] = []
    /// Board and management interests of persons (boardMember, boardChair, seniorManagingOfficial).
    public var officers: [Officer] = []
    /// Indirect interests as the file declares them: not edges, answers to check against.
    public var declaredIndirect: [DeclaredInterest] = []
    /// BODS record id → the id used in the records (credit code, `bods:` id). When two
    /// publishers in one file use the same record id, the one first in the file.
    public var identifiers: [String: String] = [:]
    /// The id used in the records → the BODS record id it came from (for messages).
    public var recordIDs: [String: String] = [:]
    /// Entities left out for a wrong credit code, one line each (statement, identifier,
    /// reason); each is among the warnings too. `--strict` aborts on the first.
    public var invalidCreditCodes: [String] = []
    /// What was skipped or approximated, one line each, in file order (`--strict` stops on one).
    public var warnings: [String] = []
    /// What the conversion did that loses nothing (an indirect share the graph computes, a
    /// stored stake the file ends), one line each; shown after the warnings.
    public var notes: [String] = []
    /// Every (company, interested party) pair a relationship of the file speaks of, in
    /// file order: the file is the publisher's current word on each (see
    /// ``BODSExchangeWriter`` for the stored stakes it ends).
    public var relationshipPairs: [BODSRelationshipPair] = []
    public init() {}
}

/// A (company, interested party) pair of a BODS file's relationships.
public struct BODSRelationshipPair: Sendable, Equatable {
    /// The held company's credit code and the interested party's id in the records.
    public var company: String, holderID: String
    /// The latest statement date among the pair's relationships, when given.
    public var statementDate: LocalDate?
}

/// An indirect interest declared in a BODS file.
public struct DeclaredInterest: Sendable, Equatable {
    /// The held company's id in the records.
    public var company: String
    /// The interested party's id in the records.
    public var holder: String
    /// The declared share (exact, or the range's lower bound), 0–100; nil when not given.
    public var pct: Double?
    /// The declared range, when the share is a range.
    public var minimum: Double?, maximum: Double?
    /// The interest type (`shareholding`, `votingRights`, …).
    public var type: String
}
