import Foundation
import Hummingbird
import HummingbirdTesting
import RiskServer
import GRDB
import RiskDomain
import RiskStore
import RiskTestSupport
import Testing

@Suite("Console", .serialized)
struct ConsoleTests {
    let fixture = ServerFixture.shared

    @Test func pagesWithoutTokenRedirectToLogin() async throws {
        try await fixture.application().test(.router) { client in
            let response = try await client.send("/", token: nil)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/login")
            let login = try await client.send("/login", token: nil)
            #expect(login.status == .ok)
            #expect(login.text.contains("登录 (sign in)"))
        }
    }

    /// Every response, page, API answer, error or redirect, carries the hardening headers
    /// (there were none: no CSP, no nosniff, no framing rule).
    @Test func responsesCarrySecurityHeaders() async throws {
        try await fixture.application().test(.router) { client in
            for (path, token) in [("/", fixture.analyst), ("/companies/\(fixture.company)", fixture.analyst), ("/api/v1/companies/\(fixture.company)", fixture.analyst),
                                  ("/nowhere", fixture.analyst), ("/", nil), ("/login", nil), ("/api/v1/search?q=x", nil)] as [(String, String?)] {
                let response = try await client.send(path, token: token)
                #expect(response.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'none'; style-src 'unsafe-inline'") == true, "\(path)")
                #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true, "\(path)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(path)")
                #expect(response.headers[HTTPFields.Element.Name("X-Frame-Options")!] == "DENY", "\(path)")
            }
        }
    }

    @Test func loginSetsAnHttpOnlyCookieThatAuthenticates() async throws {
        try await fixture.application().test(.router) { client in
            let bad = try await client.send("/login", .post, token: nil, body: "token=rbk_nothing", contentType: "application/x-www-form-urlencoded")
            #expect(bad.status == .unauthorized)
            let good = try await client.send("/login", .post, token: nil, body: "token=\(fixture.analyst)&next=%2Fwatchlist",
                                             contentType: "application/x-www-form-urlencoded")
            #expect(good.status == .seeOther)
            #expect(good.headers[.location] == "/watchlist")
            let cookie = try #require(good.headers[.setCookie])
            #expect(cookie.contains("riskbrain_token=\(fixture.analyst)"))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            let offsite = try await client.send("/login", .post, token: nil, body: "token=\(fixture.analyst)&next=%2F%2Fevil.example",
                                                contentType: "application/x-www-form-urlencoded")
            #expect(offsite.headers[.location] == "/")
            // A tab (which browsers drop) or a backslash cannot make another host of it.
            for sneaky in ["%2F%09%2Fevil.example%2Fx", "%2F%5Cevil.example", "%2F%0A%2Fevil.example"] {
                let response = try await client.send("/login", .post, token: nil, body: "token=\(fixture.analyst)&next=\(sneaky)",
                                                     contentType: "application/x-www-form-urlencoded")
                #expect(response.headers[.location] == "/", "\(sneaky)")
            }
            let page = try await client.execute(uri: "/watchlist", method: .get, headers: [.cookie: "riskbrain_token=\(fixture.analyst)"])
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("名单排查"))
        }
    }

    @Test func searchAndCompanyPagesShowNameScoreAndCharts() async throws {
        try await fixture.application().test(.router) { client in
            let search = try await client.send("/?q=\(fixture.company)", token: fixture.analyst)
            #expect(search.status == .ok)
            #expect(search.text.contains("<a href=\"/companies/\(fixture.company)\">\(fixture.companyName)</a>"))
            let page = try await client.send("/companies/\(fixture.company)", token: fixture.analyst)
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1 id=\"company-name\">\(fixture.companyName)</h1>"))
            #expect(page.text.contains("<span class=\"score\" id=\"score\">"))
            #expect(page.text.contains("<svg class=\"chart bars\""))
            #expect(page.text.contains("<svg class=\"chart links\""))
            #expect(page.text.contains("股权穿透 (owners)"))
            #expect(!page.text.contains("<script"))
            let missing = try await client.send("/companies/91330000000000000X", token: fixture.analyst)
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("错误 (error) 404"))
        }
    }

    /// Served as of a day before a company was founded, its page says why it has no score
    /// (the score section was simply missing; found by review).
    @Test func aCompanyNotYetFoundedSaysWhyItHasNoScore() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let copy = try fixture.copyDatabase(into: directory)
        let code = fixture.company
        let text = try await fixture.service.database.writer.read { db in
            try String.fetchOne(db, sql: "SELECT established FROM company WHERE credit_code = ?", arguments: [code])
        }
        let established = try #require(text.flatMap(LocalDate.init(iso:)))
        let service = try fixture.service(at: copy, asOf: established.adding(days: -1))
        try await RiskServerApp.application(service: service, host: "127.0.0.1", port: 0).test(.router) { client in
            let page = try await client.send("/companies/\(fixture.company)", token: fixture.analyst)
            #expect(page.status == .ok)
            #expect(page.text.contains("评分基准日尚未成立（\(established.iso) 成立），不予评分"), "\(page.text.prefix(2000))")
        }
    }

    /// A company's page lists its linked warnings with their dispositions, and marks one high
    /// on its own records (a subsidiary still selling after its licence was revoked).
    @Test func linkedWarningsShowTheirDispositionAndOwnRecordsMark() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let copy = try fixture.copyDatabase(into: directory)
        let subsidiary = TestCreditCode.make(987_654, region: "330106")
        let queue = try DatabaseQueue(path: copy)
        try await queue.write { [company = fixture.company] db in
            let batch = try Int64.fetchOne(db, sql: "SELECT max(id) FROM import_batch") ?? 1
            try db.execute(sql: """
                INSERT INTO company (credit_code, name, region_code, status, established, batch_id, src_file, src_line)
                VALUES (:code, '杭州测试子公司投资管理有限公司', '330106', 'active', '2016-01-01', :batch, 'test', 1);
                INSERT INTO shareholding (company, holder_id, holder_name, holder_type, pct, batch_id, src_file, src_line)
                VALUES (:code, :parent, '持股母公司', 'company', 60, :batch, 'test', 2);
                INSERT INTO licence (company, licence, granted, revoked, batch_id, src_file, src_line)
                VALUES (:code, 'fund_manager', '2018-01-01', '2024-03-01', :batch, 'test', 3);
                INSERT INTO product (company, product, promised_yield, guaranteed, channel, investors, start, batch_id, src_file, src_line)
                VALUES (:code, '稳盈一号', 12, 1, 'offline_seminar', 350, '2024-01-01', :batch, 'test', 4);
                INSERT INTO import_batch (started_at, finished_at, note) VALUES ('2026-11-28T00:00:00Z', '2026-11-28T00:00:01Z', 'test rows');
                """, arguments: ["code": subsidiary, "batch": batch, "parent": company])
        }
        try queue.close()
        let service = try fixture.service(at: copy)
        try await RiskServerApp.application(service: service, host: "127.0.0.1", port: 0).test(.router) { client in
            let page = try await client.send("/companies/\(fixture.company)", token: fixture.analyst)
            #expect(page.status == .ok)
            let linked = try #require(page.text.components(separatedBy: "顺藤摸瓜关联预警").last)
            let row = try #require(linked.components(separatedBy: "<tr>").first { $0.contains("杭州测试子公司投资管理有限公司") }, "\(page.text.suffix(3000))")
            #expect(row.contains("（自身记录 on its own records）"))
            #expect(row.contains("牌照或登记被注销后仍在销售"))
        }
    }

    @Test func watchlistUploadRanksAndOffersTheReport() async throws {
        try await fixture.application().test(.router) { client in
            let boundary = "XyZ123"
            let csv = "credit_code,note\n\(fixture.company),first\n\(fixture.holder),second\n"
            let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"list\"\r\n\r\n\r\n--\(boundary)--\r\n"
            let response = try await client.send("/watchlist", .post, token: fixture.analyst, body: body,
                                                 contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(response.status == .ok)
            #expect(response.text.contains("<table id=\"ranked\">"))
            #expect(response.text.contains(fixture.companyName))
            #expect(response.text.contains("action=\"/watchlist/report\""))
            let report = try await client.send("/watchlist/report", .post, token: fixture.analyst,
                                               body: "list=" + (csv.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""),
                                               contentType: "application/x-www-form-urlencoded")
            #expect(report.status == .ok)
            #expect(report.headers[.contentDisposition] == "attachment; filename=\"riskbrain-report.html\"")
            #expect(report.text.contains(fixture.companyName))
        }
    }

    /// A region-limited reader's list rows naming companies outside its regions are listed
    /// under 未匹配 as not_found, as the API's `unmatched` lists them (found by review: the
    /// page dropped them silently).
    @Test func watchlistListsRowsOutsideTheRegionsAsNotFound() async throws {
        try await fixture.application().test(.router) { client in
            let csv = "credit_code\n\(fixture.company)\n\(fixture.outside)\n"
            let response = try await client.send("/watchlist", .post, token: fixture.zhejiang,
                                                 body: "list=" + (csv.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""),
                                                 contentType: "application/x-www-form-urlencoded")
            #expect(response.status == .ok)
            #expect(response.text.contains("<h2>排名 (ranked): 1 家</h2>"))
            #expect(response.text.contains("<h2>未评分或重复 (not scored, or scored on another row)</h2><ul><li>第 3 行: \(fixture.outside) — not_found</li></ul>"),
                    "\(response.text)")
        }
    }

    /// A header-only list gets no report: 422 "the list names no company", as `/watchlist`
    /// and `POST /api/v1/report` answer (found by review: it returned an empty report).
    @Test func aReportOfAHeaderOnlyListIsRefused() async throws {
        try await fixture.application().test(.router) { client in
            let report = try await client.send("/watchlist/report", .post, token: fixture.analyst, body: "list=credit_code%0A",
                                               contentType: "application/x-www-form-urlencoded")
            #expect(report.status == .unprocessableContent)
            #expect(report.text.contains("the list names no company"))
            let page = try await client.send("/watchlist", .post, token: fixture.analyst, body: "list=credit_code%0A",
                                             contentType: "application/x-www-form-urlencoded")
            #expect(page.status == .unprocessableContent)
        }
    }

    /// Rows that give neither a code nor a name name no company either: 422 with the API's
    /// message, as `POST /api/v1/score` and the CLI refuse such a list (found by review: the
    /// console answered 200, "0 家", and downloaded an empty report).
    @Test func aListWhoseRowsNameNoCompanyIsRefused() async throws {
        try await fixture.application().test(.router) { client in
            let csv = "credit_code,name,note\n,,a\n,,b\n"
            let form = "list=" + (csv.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            let api = try await client.send("/api/v1/score", .post, token: fixture.analyst, body: csv, contentType: "text/csv")
            #expect(api.status == .unprocessableContent)
            let message = try #require(try api.object()["error"] as? String)
            let page = try await client.send("/watchlist", .post, token: fixture.analyst, body: form, contentType: "application/x-www-form-urlencoded")
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains("<p class=\"error\">\(message)</p>"), "\(page.text)")
            #expect(!page.text.contains("<table id=\"ranked\">"))
            let report = try await client.send("/watchlist/report", .post, token: fixture.analyst, body: form, contentType: "application/x-www-form-urlencoded")
            #expect(report.status == .unprocessableContent)
            #expect(report.text.contains(message))
            #expect(report.headers[.contentDisposition] == nil)
        }
    }

    /// A region-limited token is refused reports (403), so its company page and its ranked
    /// list offer no report button but say why (found by review: the button was shown and
    /// always answered 403). Other tokens keep the button.
    @Test func regionLimitedTokensAreOfferedNoReport() async throws {
        try await fixture.application().test(.router) { client in
            let limited = try await client.send("/companies/\(fixture.company)", token: fixture.zhejiang)
            #expect(limited.status == .ok)
            #expect(limited.text.contains("id=\"score\""))
            #expect(!limited.text.contains("action=\"/watchlist/report\""))
            #expect(limited.text.contains("id=\"no-report\""))
            let full = try await client.send("/companies/\(fixture.company)", token: fixture.analyst)
            #expect(full.text.contains("action=\"/watchlist/report\""))
            #expect(!full.text.contains("id=\"no-report\""))
            let form = "list=" + ("credit_code\n\(fixture.company)\n".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            let list = try await client.send("/watchlist", .post, token: fixture.zhejiang, body: form, contentType: "application/x-www-form-urlencoded")
            #expect(list.status == .ok)
            #expect(list.text.contains("<table id=\"ranked\">"))
            #expect(!list.text.contains("action=\"/watchlist/report\""))
            #expect(list.text.contains("id=\"no-report\""))
            let listed = try await client.send("/watchlist", .post, token: fixture.analyst, body: form, contentType: "application/x-www-form-urlencoded")
            #expect(listed.text.contains("action=\"/watchlist/report\""))
        }
    }

    /// A pasted list that is not UTF-8 once %-decoded gets the form again with a 400 naming
    /// the field, not a ranking of undecoded text.
    @Test func aListWithABadEscapeIsRefusedNamingTheField() async throws {
        try await fixture.application().test(.router) { client in
            let page = try await client.send("/watchlist", .post, token: fixture.analyst, body: "list=credit_code%0A%FF",
                                             contentType: "application/x-www-form-urlencoded")
            #expect(page.status == .badRequest)
            #expect(page.text.contains("parameter &#39;list&#39; is not UTF-8 text once %-decoded"))
            let report = try await client.send("/watchlist/report", .post, token: fixture.analyst, body: "list=credit_code%0A%ZZ",
                                               contentType: "application/x-www-form-urlencoded")
            #expect(report.status == .badRequest)
            #expect(report.text.contains("parameter &#39;list&#39; has a bad %-escape &#39;%ZZ&#39;"))
        }
    }

    /// An uploaded list saved as GB18030 (Excel's "CSV" on Chinese Windows) is read as the
    /// CLI reads it; bytes that are neither UTF-8 nor GB18030 get the page with the reason
    /// (422), rather than a ranking of U+FFFD names that matched nothing.
    @Test func aGB18030UploadIsReadAndGarbageRefused() async throws {
        try await fixture.application().test(.router) { client in
            func upload(_ bytes: [UInt8]) async throws -> (status: HTTPResponse.Status, text: String) {
                let boundary = "XyZ123"
                var body = ByteBuffer(string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.csv\"\r\n\r\n")
                body.writeBytes(bytes)
                body.writeString("\r\n--\(boundary)--\r\n")
                let response = try await client.execute(uri: "/watchlist", method: .post,
                                                        headers: [.authorization: "Bearer \(fixture.analyst)",
                                                                  .contentType: "multipart/form-data; boundary=\(boundary)"],
                                                        body: body)
                return (response.status, String(buffer: response.body))
            }
            let list = try #require("企业名称,备注\n\(fixture.companyName),线索\n".data(using: String.Encoding(rawValue: 0x8000_0632)))
            let read = try await upload([UInt8](list))
            #expect(read.status == .ok)
            #expect(read.text.contains("<table id=\"ranked\">"))
            #expect(read.text.contains(fixture.companyName))
            let garbage = try await upload(Array("name\n".utf8) + [0xFF, 0x0A])
            #expect(garbage.status == .unprocessableContent)
            #expect(garbage.text.contains("neither UTF-8 nor GB18030"))
        }
    }
}
