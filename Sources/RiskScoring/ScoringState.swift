import GRDB
import RiskGraph
import RiskStore

/// An import committed while a score or report was being made: its fingerprint, graph and
/// records would come from different data, so nothing is written and the caller runs again.
public struct DataChangedError: Error, Equatable, CustomStringConvertible {
    public init() {}
    public var description: String {
        "the data changed while it was being read (another process finished an import meanwhile); nothing was written: run again"
    }
}

/// Keeps a score's data fingerprint, graph and records to one state of the database.
///
/// A score reads the fingerprint (one transaction), the graph (built or loaded at the
/// state it saw) and the records (one or more transactions, some on other connections).
/// Every change to the records is an import that adds a batch, so when the fingerprint and
/// the graph were made at state S and the database still shows S after the last read, every
/// read in between saw S's records (``ImportState``).
public enum ScoringState {
    /// The data fingerprint (cached in the database) and the state it describes, read in one
    /// transaction.
    public static func fingerprint(_ database: RiskDatabase) throws -> (fingerprint: String, state: String) {
        try database.writer.write { db in (try DataFingerprint.cached(db), try ImportState.current(db)) }
    }

    /// The fingerprint, its state and the graph of that state (`prebuilt`, else loaded from
    /// its snapshot or built), in the order every score reads them; ``DataChangedError``
    /// when an import committed between the fingerprint and the graph.
    public static func fingerprintAndGraph(_ database: RiskDatabase, options: GraphBuildOptions = GraphBuildOptions(),
                                           prebuilt: EntityGraph? = nil) throws -> (fingerprint: String, state: String, graph: EntityGraph) {
        let (fingerprint, state) = try self.fingerprint(database)
        let graph = try prebuilt ?? EntityGraph.cached(from: database, options: options).graph
        try checkGraph(graph, state: state)
        return (fingerprint, state, graph)
    }

    /// Throws ``DataChangedError`` unless `graph` was built at `state` (a graph made without a
    /// database, whose state is empty, is taken as it is) and the database still shows it.
    public static func check(_ database: RiskDatabase, state: String, graph: EntityGraph) throws {
        try checkGraph(graph, state: state)
        guard try database.writer.read({ db in try ImportState.current(db) }) == state else { throw DataChangedError() }
    }

    /// Throws ``DataChangedError`` unless `graph` was built at `state` (or without a
    /// database): checked before the work too, so that a screening of a million companies
    /// is not scored only to be thrown away.
    public static func checkGraph(_ graph: EntityGraph, state: String) throws {
        guard graph.importState.isEmpty || graph.importState == state else { throw DataChangedError() }
    }
}
