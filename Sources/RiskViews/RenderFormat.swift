/// The output formats of the graph renderings: an aligned text table, JSON or CSV.
///
/// The CLI's `--format` and the HTTP API (always `.json`) both render through these, so the
/// API bodies are byte-identical to `riskbrain … --format json` by construction.
public enum RenderFormat: String, CaseIterable, Sendable {
    case table, json, csv
}
