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

    init(importState: String, graph: EntityGraph, fingerprint: String, formerNames: [(code: String, name: String)] = []) {
        self.importState = importState
        self.graph = graph
        // Uncapped: the server masks a region-limited reader's candidates first and then
        // cuts (search: `maxSearchResults`, with `truncated` from the full count). A resolver
        // that cut to 20 first lost every in-region match past the 20th.
        self.resolver = EntityResolver(graph: graph, maxCandidates: .max, formerNames: formerNames)
        self.scratches = ScratchPool(graph: graph)
        self.fingerprint = fingerprint
    }
}
