import ArgumentParser
import Foundation
import RiskDomain
import RiskGraph
import RiskStore
import RiskViews

/// Options shared by the graph commands (chain, links, owners, holdings, group).
struct GraphQueryOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @Flag(name: .customLong("current-only"), help: "Follow current links only (the default).")
    var currentOnly = false

    @Flag(name: .customLong("include-history"), help: "Also follow former links (historical holders and officers, marked current=false).")
    var includeHistory = false

    @Option(name: .customLong("hub-cap"), parsing: .unconditional, help: "A person or contact point with more links than this is a hub: listed, not expanded.")
    var hubCap = 100

    func validate() throws {
        if currentOnly && includeHistory { throw ValidationError("--current-only and --include-history exclude each other.") }
        if hubCap < 1 { throw ValidationError("--hub-cap must be at least 1.") }
    }

    /// Opens the database and loads the graph (from its snapshot beside the database while
    /// no import has happened since it was saved, else built and saved).
    func loadGraph() throws -> EntityGraph {
        try EntityGraph.cached(from: database.openExisting(), options: GraphBuildOptions(hubThreshold: hubCap)).graph
    }

    /// ``loadGraph()`` and a resolver that also knows the companies' former names (曾用名),
    /// read from the same database.
    func loadGraphAndResolver() throws -> (graph: EntityGraph, resolver: EntityResolver) {
        let store = try database.openExisting()
        let graph = try EntityGraph.cached(from: store, options: GraphBuildOptions(hubThreshold: hubCap)).graph
        let formerNames = try store.writer.read { db in try EntityResolver.formerNames(db) }
        return (graph, EntityResolver(graph: graph, formerNames: formerNames))
    }
}

/// Parses a `--kinds` list (`shareholding,officer,branch,phone,email,address`); an unknown
/// kind is a usage error.
func parseEdgeKinds(_ text: String?) throws -> [EdgeKind] {
    do { return try EdgeKindList.parse(text) } catch { throw ValidationError(error.description) }
}

/// Refuses an empty or blank entity argument as a usage error (exit 64) before the graph is
/// loaded: it can match nothing, and "no company matches ''" would read like a data problem.
func validateEntityArgument(_ text: String, _ label: String) throws {
    if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        throw ValidationError("\(label) must not be empty: give a credit code, person id or name.")
    }
}

/// An entity argument resolved to a node.
struct ResolvedEntity {
    let node: Int32
    /// True when only a fuzzy match (containment or one edit) found it.
    let fuzzy: Bool
    /// True when a name the company no longer has (曾用名) found it.
    var formerName = false

    /// The node in a set when it was a fuzzy match (the views' `fuzzy` parameter).
    var fuzzySet: Set<Int32> { fuzzy ? [node] : [] }
    /// The node in a set when a former name found it (the views' `formerName` parameter).
    var formerNameSet: Set<Int32> { formerName ? [node] : [] }
}

/// Resolves a user's entity argument (names, then former names, then fuzzy); on no match or several, writes `error: …` and the
/// candidates to standard error and exits 1. A fuzzy match is announced: a `note:` line on
/// standard error for table and CSV output (JSON says `"matched": "fuzzy"` instead).

func resolveEntity(_ text: String, with resolver: EntityResolver, in graph: EntityGraph, format: OutputFormat,
                   companiesOnly: Bool = false) throws -> ResolvedEntity {
    switch resolver.resolve(text, companiesOnly: companiesOnly) {
    case .found(let node, let how):
        // 李明辉 (no such person) silently gave 李明华's holdings: a different person.
        if how == .fuzzy && format != .json {
            let note = "note: fuzzy match: \(TextTable.quoted(text)) is no registered name; using \(graph.label(node)) (give its id to be sure)\n"
            FileHandle.standardError.write(Data(note.utf8))
        }
        if how == .normalisedName {
            // Another spelling of a registered name (width, brackets, spaces, 有限责任公司):
            // said in every format, on standard error (found by review: it was silent).
            let note = "note: \(TextTable.quoted(text)) is \(graph.label(node)) in another spelling\n"
            FileHandle.standardError.write(Data(note.utf8))
        }
        if how == .formerName && format != .json {
            let note = "note: \(TextTable.quoted(text)) is a former name (曾用名) of \(graph.label(node))\n"
            FileHandle.standardError.write(Data(note.utf8))
        }
        return ResolvedEntity(node: node, fuzzy: how == .fuzzy, formerName: how == .formerName)
    case .ambiguous(let candidates, let how):
        var lines = ["error: \(TextTable.quoted(text)) matches \(candidates.count) entities (\(how.rawValue)); name one by its id:"]
        for node in candidates {
            // One line per candidate: a name's line break or terminal escape shown, not obeyed.
            lines.append("  \(SingleLine.text(graph.key(node)))\t\(SingleLine.text(graph.name(node)))\t\(graph.kind(node).name)")
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        throw ExitCode(1)
    case .notFound:
        let query = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let hint = CreditCode.hasCodeShape(query) && !CreditCode.isValid(query.uppercased())
            ? " (it is not a valid credit code either: the check character does not match)" : ""
        throw RuntimeError("no company, person or holder matches \(TextTable.quoted(text))\(hint)")
    }
}

extension OutputFormat {
    /// The RiskViews format of the same name.
    var renderFormat: RenderFormat {
        switch self {
        case .table: return .table
        case .json: return .json
        case .csv: return .csv
        }
    }
}
