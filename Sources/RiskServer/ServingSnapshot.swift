import RiskGraph

/// One consistent view of the data being served: the graph built from the database at one
/// import state, with its resolver, scratch pool and data fingerprint.
struct ServingSnapshot: Sendable {
    /// The import state the graph was built at (`id finished_at` of the last import batch).
    let importState: String
    let graph: EntityGraph
    let resolver: EntityResolver
    let scratches: ScratchPool
    /// RiskScoring's fingerprint of the data at this state (cached in the database).
    let fingerprint: String

    init(importState: String, graph: EntityGraph, fingerprint: String) {
        self.importState = importState
        self.graph = graph
        self.resolver = EntityResolver(graph: graph)
        self.scratches = ScratchPool(graph: graph)
        self.fingerprint = fingerprint
    }
}
