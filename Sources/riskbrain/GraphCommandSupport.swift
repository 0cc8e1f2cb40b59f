import ArgumentParser
import Foundation
import RiskDomain
import RiskGraph
import RiskStore

/// Options shared by the graph commands (chain, links, owners, holdings, group).
struct GraphQueryOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @Flag(name: .customLong("current-only"), help: "Follow current links only (the default).")
    var currentOnly = false

    @Flag(name: .customLong("include-history"), help: "Also follow former links (historical holders and officers, marked current=false).")
    var includeHistory = false

    @Option(name: .customLong("hub-cap"), help: "A person or contact point with more links than this is a hub: listed, not expanded.")
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
}

/// Parses a `--kinds` list (`shareholding,officer,branch,phone,email,address`).
func parseEdgeKinds(_ text: String?) throws -> [EdgeKind] {
    guard let text, !text.isEmpty else { return EdgeKind.allCases }
    var kinds: [EdgeKind] = []
    for part in text.split(separator: ",") {
        let name = part.trimmingCharacters(in: .whitespaces)
        guard let kind = EdgeKind(name: name) else {
            throw ValidationError("unknown link kind '\(name)' (use \(EdgeKind.allCases.map(\.name).joined(separator: ",")))")
        }
        if !kinds.contains(kind) { kinds.append(kind) }
    }
    return kinds
}

/// Resolves a user's entity argument; on no match or several, writes `error: …` and the
/// candidates to standard error and exits 1.
func resolveEntity(_ text: String, in graph: EntityGraph) throws -> Int32 {
    try resolveEntity(text, with: EntityResolver(graph: graph), in: graph)
}

/// ``resolveEntity(_:in:)`` with a given resolver (reuse one for several arguments: its
/// name index is built once).
func resolveEntity(_ text: String, with resolver: EntityResolver, in graph: EntityGraph) throws -> Int32 {
    switch resolver.resolve(text) {
    case .found(let node, _):
        return node
    case .ambiguous(let candidates, let how):
        var lines = ["error: '\(text)' matches \(candidates.count) entities (\(how.rawValue)); name one by its id:"]
        for node in candidates {
            lines.append("  \(graph.key(node))\t\(graph.name(node))\t\(graph.kind(node).name)")
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        throw ExitCode(1)
    case .notFound:
        throw RuntimeError("no company, person or holder matches '\(text)'")
    }
}

extension EntityGraph {
    /// `{"id", "name", "kind"}` of a node.
    func nodeJSON(_ node: Int32) -> JSONValue {
        .object([("id", .string(key(node))), ("name", .string(name(node))), ("kind", .string(kind(node).name))])
    }

    /// `name（id）` for tables.
    func label(_ node: Int32) -> String { "\(name(node))（\(key(node))）" }
}

/// CSV output: RFC 4180 quoting, `\n` line ends.
enum CSVText {
    static func field(_ text: String) -> String {
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }
    static func rows(_ header: [String], _ rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n")
    }
}

/// Plain-text tables with columns padded to the display width (CJK characters count two).
enum TextTable {
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 && ($1.value <= 0x115F || (0x2E80...0xFFDC).contains($1.value)) ? 2 : 1) }
    }
    static func render(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(width)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], width(cell)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - width(cell))
            }.joined(separator: "  ")
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(separator: "\n")
    }
}

/// A percentage for JSON: rounded to 6 decimals so output is stable across platforms.
func pctJSON(_ value: Double) -> JSONValue { .double((value * 1_000_000).rounded() / 1_000_000) }
