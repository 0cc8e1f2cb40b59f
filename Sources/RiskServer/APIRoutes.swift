import Foundation
import Hummingbird
import RiskAccess
import RiskDomain
import RiskViews

/// The JSON API under `/api/v1` (see openapi.yaml beside this file).
///
/// Every route needs a token (``AuthMiddleware``); analysts read and score, admins also list
/// tokens and read the audit log. Each request that reads or scores a company writes one
/// audit row (token, time, method, path, what, result count, status), failures included.
struct APIRoutes {
    let service: RiskService

    func register(on router: RecordingRouter) {
        let api = router.group("api/v1")
        api.get("openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.text)))
        }
        api.get("search", use: search)
        api.get("companies/:code", use: company)
        api.get("companies/:code/score", use: companyScore)
        api.post("score", use: scoreList)
        api.get("chain", use: chain)
        api.get("links/:id", use: links)
        api.get("owners/:id", use: owners)
        api.get("group/:id", use: group)
        api.post("report", use: report)
        api.get("tokens", use: tokens)
        api.get("audit", use: auditLog)
    }

    var limits: ServerSettings.Limits { service.settings.limits }

    /// Runs `body` for an analyst (or admin) and records one audit row with its result count
    /// and status (the error's status when it throws).
    ///
    /// `body` parses the parameters, path entity and list body itself, so a bad one (400, 413,
    /// 422) is recorded with its status too; `what` starts as the route's name (`search`,
    /// `links`) and `body` completes it (`links 913…`) as soon as it has parsed that much.
    func audited(_ request: Request, _ context: RiskRequestContext, what initial: String,
                 _ body: (_ mask: NodeMask?, _ what: inout String) async throws -> (Response, Int)) async throws -> Response {
        let token = try context.require(.analyst)
        let path = request.uri.path
        var what = initial
        do {
            let (response, count) = try await body(RiskService.mask(for: token), &what)
            service.audit.record(token: token, method: request.method.rawValue, path: path, what: what, resultCount: count,
                                 status: response.status.code)
            return response
        } catch {
            service.audit.record(token: token, method: request.method.rawValue, path: path, what: what, resultCount: 0,
                                 status: ErrorMiddleware.apiError(error).status.code)
            throw error
        }
    }

    @Sendable func search(_ request: Request, context: RiskRequestContext) async throws -> Response {
        try await audited(request, context, what: "search") { mask, what in
            let query = try QueryParameters(request: request, accepting: ["q"]).required("q")
            what = "search \(query)"
            let result = service.search(query, mask: mask)
            return (.json(result.json), result.count)
        }
    }

    @Sendable func company(_ request: Request, context: RiskRequestContext) async throws -> Response {
        try await audited(request, context, what: "company") { mask, what in
            _ = try QueryParameters(request: request, accepting: [])
            let code = RiskService.companyCode(try context.pathParameter("code"))
            // Folded and upper-cased, as the console and score routes record it (the lookup is too).
            what = code
            return (.json(try await service.companyDetail(code, mask: mask)), 1)
        }
    }

    @Sendable func companyScore(_ request: Request, context: RiskRequestContext) async throws -> Response {
        try await audited(request, context, what: "score") { mask, what in
            _ = try QueryParameters(request: request, accepting: [])
            let code = RiskService.companyCode(try context.pathParameter("code"))
            what = "score \(code)"
            // Scored first, and the unknown or hidden company told afterwards from the score's
            // own read: a check on the graph came before the scorer's data check, so a company
            // imported a moment ago was "no company" (404) while the detail showed it and a
            // list score answered 503 (found by review). Hidden is read from the database too.
            let result = try await service.score(RiskService.singleCodeList(code), mask: mask)
            // Unknown: no such code in the registry (`not_found`, or `bad_credit_code` when it is
            // no valid code either); a company that was not yet founded is answered as the CLI does.
            if result.report.results.isEmpty,
               !result.hidden.isEmpty || result.report.unmatched.allSatisfy({ ["not_found", "bad_credit_code"].contains($0.reason) }) {
                throw APIError.notFound("no company with credit code \(TextTable.quoted(code))")
            }
            return (.json(result.json), result.report.results.count)
        }
    }

    @Sendable func scoreList(_ request: Request, context: RiskRequestContext) async throws -> Response {
        try await audited(request, context, what: "score list") { mask, what in
            _ = try QueryParameters(request: request, accepting: [])
            let body = try await WatchListBody.read(request, context: context, maxCompanies: limits.maxListCompanies, maxBytes: limits.maxBodyBytes)
            what = "score list of \(body.list.entries.count)"
            let result = try await service.score(body.list, mask: mask)
            return (.json(result.json), result.report.results.count)
        }
    }

    @Sendable func chain(_ request: Request, context: RiskRequestContext) async throws -> Response {
        try await audited(request, context, what: "chain") { mask, what in
            let query = try QueryParameters(request: request, accepting: ["from", "to", "max_hops", "limit", "kinds", "through_hubs", "include_history"])
            let from = try query.required("from"), to = try query.required("to")
            what = "chain \(from) \(to)"
            let parsed = RiskService.ChainQuery(
                from: from, to: to,
                maxHops: try query.int("max_hops", default: limits.maxChainHops, in: 1...limits.maxChainHops),
                kinds: try query.kinds(), limit: try query.int("limit", default: limits.maxChains, in: 1...limits.maxChains),
                throughHubs: try query.bool("through_hubs"), includeHistory: try query.bool("include_history"))
            let result = try service.chain(parsed, mask: mask)
            return (.json(result.json), result.count)
        }
    }

    @Sendable func links(_ request: Request, context: RiskRequestContext) async throws -> Response {
        try await audited(request, context, what: "links") { mask, what in
            let id = try context.pathParameter("id")
            what = "links \(id)"
            let query = try QueryParameters(request: request, accepting: ["hops", "max_nodes", "kinds", "include_history"])
            let hops = try query.int("hops", default: 2, in: 1...limits.maxLinkHops)
            let maxNodes = try query.int("max_nodes", default: limits.maxNeighbours, in: 1...limits.maxNeighbours)
            let kinds = try query.kinds(), history = try query.bool("include_history")
            let result = try service.links(id, hops: hops, kinds: kinds, maxNodes: maxNodes, includeHistory: history, mask: mask)
            return (.json(result.json), result.count)
        }
    }

    @Sendable func owners(_ request: Request, context: RiskRequestContext) async throws -> Response {
        try await audited(request, context, what: "owners") { mask, what in
            let id = try context.pathParameter("id")
            what = "owners \(id)"
            let query = try QueryParameters(request: request, accepting: ["min_pct", "depth", "max_paths", "include_history"])
            let minPct = try query.double("min_pct", default: 0, in: 0...100)
            let depth = try query.int("depth", default: 10, in: 1...20)
            let maxPaths = try query.int("max_paths", default: 10, in: 0...50)
            let history = try query.bool("include_history")
            let result = try service.owners(id, minPct: minPct, depth: depth, maxPaths: maxPaths, includeHistory: history, mask: mask)
            return (.json(result.json), result.count)
        }
    }

    @Sendable func group(_ request: Request, context: RiskRequestContext) async throws -> Response {
        try await audited(request, context, what: "group") { mask, what in
            let id = try context.pathParameter("id")
            what = "group \(id)"
            let query = try QueryParameters(request: request, accepting: ["max_members", "include_history"])
            let maxMembers = try query.int("max_members", default: limits.maxGroupMembers, in: 1...limits.maxGroupMembers)
            let history = try query.bool("include_history")
            let result = try service.group(id, maxMembers: maxMembers, includeHistory: history, mask: mask)
            return (.json(result.json), result.count)
        }
    }

    @Sendable func report(_ request: Request, context: RiskRequestContext) async throws -> Response {
        try await audited(request, context, what: "report") { mask, what in
            if mask != nil {
                throw APIError(.forbidden, "reports are not available to region-limited tokens (a report shows linked companies in every region)")
            }
            // No `title`: the default; an empty or blank one is a 400 (`title=` once took the default).
            let parameters = try QueryParameters(request: request, accepting: ["title"])
            let title = try parameters.contains("title") ? parameters.string("title") ?? "" : "非法集资风险排查报告"
            if title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw APIError.badRequest("parameter 'title' must not be blank") }
            let body = try await WatchListBody.read(request, context: context, maxCompanies: limits.maxListCompanies, maxBytes: limits.maxBodyBytes)
            what = "report of \(body.list.entries.count)"
            let result = try await service.reportHTML(body.list, listName: "request body", listSHA256: body.sha256, title: title)
            var response = Response.html(result.html)
            response.headers[.contentDisposition] = "attachment; filename=\"riskbrain-report.html\""
            return (response, result.companies)
        }
    }

    @Sendable func tokens(_ request: Request, context: RiskRequestContext) async throws -> Response {
        _ = try context.require(.admin)
        _ = try QueryParameters(request: request, accepting: [])
        let store = service.tokens
        let tokens = try await Blocking.run { try store.list() }
        return .json(.object([("tokens", .array(tokens.map(AuditLog.json)))]))
    }

    @Sendable func auditLog(_ request: Request, context: RiskRequestContext) async throws -> Response {
        _ = try context.require(.admin)
        let query = try QueryParameters(request: request, accepting: ["since", "token", "limit"])
        let since = try query.string("since")
        if let since, LocalDate(iso: since) == nil { throw APIError.badRequest("parameter 'since' must be a date YYYY-MM-DD, not \(TextTable.quoted(since))") }
        let limit = try query.int("limit", default: 1000, in: 1...10_000)
        let service = self.service, token = try query.string("token")
        let entries = try await Blocking.run {
            try service.flushAudit()
            return try AuditLog(database: service.database).entries(since: since, token: token, limit: limit + 1)
        }
        return .json(.object([("entries", .array(entries.prefix(limit).map(AuditLog.json))), ("truncated", .bool(entries.count > limit))]))
    }
}
