/// What a generator run wrote: rows and bytes per file, and the planted structure.
public struct SynthSummary: Sendable, Equatable {
    /// One written file.
    public struct File: Sendable, Equatable {
        public let name: String
        public let rows: Int
        public let bytes: Int
    }

    /// The files in the order written.
    public let files: [File]
    /// Distinct persons referenced by shareholdings and officers.
    public let persons: Int
    /// Planted fundraising rings.
    public let rings: Int
    /// Planted decoy blocks.
    public let decoyBlocks: Int
    /// Agent persons sitting on many boards.
    public let hubs: Int
}
