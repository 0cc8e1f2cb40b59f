import Foundation
import Hummingbird
import RiskAccess
import RiskDomain
import RiskGraph
import RiskScoring
import RiskStore
import RiskViews

/// The web console: login, search, company page, watch-list upload and report download.
///
/// Browsers sign in with their token through the login form, which sets it in an HttpOnly,
/// SameSite=Lax cookie; ``AuthMiddleware`` checks the cookie as it checks a bearer header.
/// Console reads are audited like API reads.
struct ConsoleRoutes {
    let service: RiskService
    let api: APIRoutes

    func register(on router: RecordingRouter) {
        router.get("login") { _, _ in Response.html(ConsolePages.login(error: nil)) }
        router.post("login", use: login)
        router.post("logout") { _, _ in
            var response = Response.redirect("/login")
            response.setCookie(Cookie(name: AuthMiddleware.cookieName, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax))
            return response
        }
        router.get("/", use: search)
        router.get("companies/:code", use: company)
        router.get("watchlist") { _, context in
            Response.html(ConsolePages.watchlist(report: nil, csv: nil, error: nil, who: context.token?.name ?? ""))
        }
        router.post("watchlist", use: watchlist)
        router.post("watchlist/report", use: watchlistReport)
    }

    @Sendable func login(_ request: Request, context: RiskRequestContext) async throws -> Response {
        let buffer = try await WatchListBody.collect(request, maxBytes: 64 * 1024)
        let form = FormBody.urlEncoded(String(buffer: buffer))
        // Leniently: a value that cannot be decoded is no token, and no `next`.
        let token = (try? form["token"]?.get())?.trimmingCharacters(in: .whitespaces) ?? ""
        let tokens = service.tokens
        guard try await Blocking.run({ try tokens.authenticate(token) }) != nil else {
            return .html(ConsolePages.login(error: "令牌无效或已吊销 (invalid or revoked token)"), status: .unauthorized)
        }
        let next = Self.localPath(try? form["next"]?.get()) ?? "/"
        var response = Response.redirect(next)
        response.setCookie(Cookie(name: AuthMiddleware.cookieName, value: token, maxAge: 8 * 3600, path: "/", httpOnly: true, sameSite: .lax))
        return response
    }

    /// `next` when it is a path on this server, else nil: it starts with one `/`, and holds
    /// no backslash, space or control character. Browsers drop tabs and line breaks from a
    /// URL, so `/<TAB>/evil.example` would be followed as `//evil.example`, another host.
    static func localPath(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"),
              !next.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\\" }) else { return nil }
        return next
    }

    @Sendable func search(_ request: Request, context: RiskRequestContext) async throws -> Response {
        let token = try context.require(.analyst)
        let parameters = QueryParameters(request: request)
        // No query: the empty search form, which reads nothing (not audited).
        if parameters.isBlank("q") { return .html(ConsolePages.search(query: nil, results: [], truncated: false, who: token.name)) }
        return try await api.audited(request, context, what: "search") { mask, what in
            let query = try parameters.required("q")
            what = "search \(query)"
            let result = service.search(query, mask: mask)
            let graph = service.state.snapshot.graph
            let rows = result.nodes.map { node in (graph.key(node), graph.name(node), graph.kind(node).name, graph.regionCode(node)) }
            let truncated: Bool
            if case .object(let fields) = result.json, case .bool(let flag)? = fields.first(where: { $0.0 == "truncated" })?.1 { truncated = flag } else { truncated = false }
            return (.html(ConsolePages.search(query: query, results: rows, truncated: truncated, who: token.name)), result.count)
        }
    }

    @Sendable func company(_ request: Request, context: RiskRequestContext) async throws -> Response {
        let token = try context.require(.analyst)
        return try await api.audited(request, context, what: "company") { mask, what in
            let code = RiskService.companyCode(try context.pathParameter("code"))
            what = code
            let detail = try await service.companyDetail(code, mask: mask)
            let snapshot = service.state.snapshot
            let graph = snapshot.graph
            let namer = NodeNamer(graph: graph, mask: mask)
            var scored: ScoredCompany?
            var unscored: UnmatchedEntry?
            var linked: [LinkedWarning] = []
            var ownersTree = "<p class=\"muted\">不在图中 (not in the graph)</p>", controller: String?
            var diagram = "", linkCount = 0
            // The detail was read from the database; between an import's commit and the moment
            // the server has loaded it the score is 503 (as the API answers): the page says the
            // score is not yet available rather than showing none (found by review: a company
            // imported a moment ago had no score section, and no word why).
            var reloading = false
            do {
                let result = try await service.score(RiskService.singleCodeList(code), mask: mask)
                scored = result.report.results.first
                unscored = result.report.unmatched.first
                linked = result.report.linked.filter { mask?.allows(regionCode: $0.regionCode) ?? true }
            } catch is DataChangedError {
                reloading = true
            }
            if reloading, graph.node(forKey: code) == nil {
                ownersTree = ConsolePages.reloadingNote
                diagram = ConsolePages.reloadingNote
            }
            if let node = graph.node(forKey: code) {
                let (report, neighbourhood) = snapshot.scratches.with { scratch in
                    (graph.ownershipReport(of: node, maxDepth: 10, includeHistory: false, maxPathsPerEntry: 10, scratch: scratch),
                     graph.neighbourhood(of: node, hops: 2, filter: EdgeFilter(kinds: EdgeKind.allCases, includeHistory: false),
                                         maxNodes: 200, scratch: scratch))
                }
                var shares: [Int32: Double] = [:]
                for entry in report.penetration.entries { shares[entry.node] = entry.integratedPct }
                ownersTree = ConsoleCharts.ownersTree(report, namer: namer) { shares[$0] }
                controller = report.actualController.map { "\(namer.name($0.node))（\(namer.reason($0))）" }
                diagram = ConsoleCharts.linkDiagram(neighbourhood, namer: namer)
                linkCount = neighbourhood.nodes.count - 1
            }
            let page = ConsolePages.CompanyPage(code: code, detail: detail, scored: scored, unscored: unscored, reloading: reloading, linked: linked,
                                                ownersTree: ownersTree, controller: controller, linkDiagram: diagram, linkCount: linkCount,
                                                reportsAllowed: mask == nil)
            return (.html(ConsolePages.company(page, who: token.name)), 1)
        }
    }

    /// The list text of a console form: the uploaded file when one was chosen, else the textarea.
    func listText(_ request: Request) async throws -> String {
        let limits = service.settings.limits
        let data = Data(try await WatchListBody.collect(request, maxBytes: limits.maxBodyBytes).readableBytesView)
        let contentType = request.headers[.contentType] ?? ""
        if contentType.lowercased().hasPrefix("multipart/form-data") {
            guard let fields = FormBody.multipart(data, contentType: contentType) else {
                throw APIError.badRequest("malformed multipart form (no boundary)")
            }
            // UTF-8 or GB18030 (Excel's "CSV" on Chinese Windows), as the API and the CLI
            // read a list; anything else is refused with the reason.
            let bytes = fields["file"].flatMap { $0.isEmpty ? nil : $0 } ?? fields["list"] ?? Data()
            return try WatchListBody.text(bytes)
        }
        switch FormBody.urlEncoded(String(decoding: data, as: UTF8.self))["list"] {
        case .success(let text)?: return text
        case .failure(let malformed)?: throw APIError.badRequest("parameter 'list' \(malformed.reason)")
        case nil: return ""
        }
    }

    @Sendable func watchlist(_ request: Request, context: RiskRequestContext) async throws -> Response {
        let token = try context.require(.analyst)
        // A bad list gets the form again with the reason and its status (audited so).
        return try await api.audited(request, context, what: "score list") { mask, what in
            let csv: String
            do { csv = try await listText(request) } catch let error as APIError {
                return (.html(ConsolePages.watchlist(report: nil, csv: "", error: error.message, who: token.name), status: error.status), 0)
            }
            let list: WatchList
            do {
                list = try WatchListBody.parse(Data(csv.utf8), json: false)
                // Rows with neither a code nor a name name no company either, as for the API
                // and the CLI (found by review: `,,a` rows got 200 and "0 家").
                if !list.namesACompany { throw APIError(.unprocessableContent, "the list names no company") }
                if list.entries.count > service.settings.limits.maxListCompanies {
                    throw APIError.badRequest("the list names \(list.entries.count) companies; at most \(service.settings.limits.maxListCompanies)")
                }
            } catch let error as APIError {
                return (.html(ConsolePages.watchlist(report: nil, csv: csv, error: error.message, who: token.name), status: error.status), 0)
            }
            what = "score list of \(list.entries.count)"
            let result = try await service.score(list, mask: mask)
            return (.html(ConsolePages.watchlist(report: result.report, hidden: result.hidden, csv: csv, error: nil, who: token.name,
                                                 reportsAllowed: mask == nil)),
                    result.report.results.count)
        }
    }

    @Sendable func watchlistReport(_ request: Request, context: RiskRequestContext) async throws -> Response {
        try await api.audited(request, context, what: "report") { mask, what in
            if mask != nil {
                throw APIError(.forbidden, "报告不向限定地区的令牌提供 (reports are not available to region-limited tokens)")
            }
            let csv = try await listText(request)
            let list = try WatchListBody.parse(Data(csv.utf8), json: false)
            // As /watchlist and POST /api/v1/report: a header-only list, or one whose rows give
            // neither a code nor a name, is no report.
            if !list.namesACompany { throw APIError(.unprocessableContent, "the list names no company") }
            if list.entries.count > service.settings.limits.maxListCompanies {
                throw APIError.badRequest("the list names \(list.entries.count) companies; at most \(service.settings.limits.maxListCompanies)")
            }
            what = "report of \(list.entries.count)"
            let result = try await service.reportHTML(list, listName: "console upload", listSHA256: Digest.sha256(Data(csv.utf8)), title: "非法集资风险排查报告")
            var response = Response.html(result.html)
            response.headers[.contentDisposition] = "attachment; filename=\"riskbrain-report.html\""
            return (response, result.companies)
        }
    }
}
