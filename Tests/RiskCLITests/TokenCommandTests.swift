import Foundation
import RiskStore
import RiskTestSupport
import Testing

@Suite("CLI: token and audit")
struct TokenCommandTests {
    /// A database with one company (tokens are created in an existing database).
    func database(in directory: TemporaryDirectory) throws -> String {
        try directory.write("companies.csv", "credit_code,name\n91440300708461136T,腾讯\n")
        let db = directory.url.appendingPathComponent("t.sqlite").path
        #expect(try runRiskBrain(["import", "companies.csv", "--db", db], in: directory.path).status == 0)
        return db
    }

    @Test func createPrintsTheTokenAloneOnItsLastLineThenListAndRevoke() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = try database(in: directory)
        let created = try runRiskBrain(["token", "create", "--name", "alice", "--role", "analyst", "--regions", "3301,33", "--db", db])
        #expect(created.status == 0)
        let lines = created.stdout.split(separator: "\n")
        let token = String(lines.last ?? "")
        #expect(token.hasPrefix("rbk_") && token.count == 68)
        #expect(lines.first == "created token 'alice' (analyst, regions 33,3301); it is shown only now:")

        let admin = try runRiskBrain(["token", "create", "--name", "root", "--role", "admin", "--db", db])
        #expect(admin.status == 0)

        let list = try runRiskBrain(["token", "list", "--db", db])
        #expect(list.status == 0)
        let rows = list.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(rows.count == 4)
        #expect(rows[0] == ["name", "role", "regions", "created", "revoked"])
        #expect(Array(rows[2].prefix(3)) == ["alice", "analyst", "33,3301"])
        #expect(Array(rows[3].prefix(3)) == ["root", "admin", "all"])
        #expect(rows[2].last == "-")
        #expect(!list.stdout.contains(token))

        let revoked = try runRiskBrain(["token", "revoke", "alice", "--db", db])
        #expect(revoked.status == 0)
        #expect(revoked.stdout == "revoked token 'alice'\n")
        let json = try runRiskBrain(["token", "list", "--format", "json", "--db", db])
        #expect(json.stdout.contains("\"revoked_at\": \"20"))
        #expect(json.stdout.contains("\"revoked_at\": null"))

        let again = try runRiskBrain(["token", "revoke", "alice", "--db", db])
        #expect(again.status == 1)
        #expect(again.stderr == "error: the token 'alice' is revoked already\n")
    }

    @Test func duplicateNamesAndBadOptionsAreRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = try database(in: directory)
        #expect(try runRiskBrain(["token", "create", "--name", "a", "--role", "analyst", "--db", db]).status == 0)
        let duplicate = try runRiskBrain(["token", "create", "--name", "a", "--role", "admin", "--db", db])
        #expect(duplicate.status == 1)
        #expect(duplicate.stderr == "error: a token named 'a' exists already (names are unique; revoked ones too)\n")
        #expect(try runRiskBrain(["token", "create", "--name", "b", "--role", "boss", "--db", db]).status == 64)
        #expect(try runRiskBrain(["token", "create", "--name", "b", "--role", "analyst", "--regions", "33,x", "--db", db]).status == 64)
        // A bad name is a usage error found before the database is opened: none is created.
        let fresh = directory.url.appendingPathComponent("fresh.sqlite").path
        let badName = try runRiskBrain(["token", "create", "--name", "ops team", "--role", "analyst", "--db", fresh])
        #expect(badName.status == 64)
        #expect(badName.stderr.hasPrefix("Error: token name 'ops team' must be 1–64 characters without spaces or commas\n"), "\(badName.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fresh))
        // A mistyped --db makes no new database holding only a token (found by review).
        let typo = try runRiskBrain(["token", "create", "--name", "b", "--role", "analyst", "--db", fresh])
        #expect(typo.status == 1)
        #expect(typo.stderr.hasPrefix("error: no database at \(fresh)"), "\(typo.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fresh))
        // An admin reads the whole audit log, so a region limit on one would mean nothing.
        let limitedAdmin = try runRiskBrain(["token", "create", "--name", "c", "--role", "admin", "--regions", "33", "--db", db])
        #expect(limitedAdmin.status == 64)
        #expect(limitedAdmin.stderr.hasPrefix("Error: --regions applies to analysts: an admin reads the whole audit log"), "\(limitedAdmin.stderr)")
    }

    /// A signed month is no date, and a negative --limit meets its own check (exit 64).
    @Test(arguments: [
        (["--since", "2026-+1-05"], "Error: --since must be a date YYYY-MM-DD, not 2026-+1-05"),
        (["--limit", "-1"], "Error: --limit must be at least 1"),
    ])
    func auditUsageErrors(_ arguments: [String], _ message: String) throws {
        let result = try runRiskBrain(["audit"] + arguments + ["--db", "/nonexistent/riskbrain.sqlite"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix(message + "\n"), "\(result.stderr)")
    }

    @Test func auditListsRowsFilteredBySinceAndToken() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.url.appendingPathComponent("a.sqlite").path
        let database = try RiskDatabase.open(path: db)
        try database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO audit_log (token_name, at, method, path, what, result_count, status) VALUES
                ('alice', '2026-01-01T09:00:00Z', 'GET', '/api/v1/companies/X', 'X', 1, 200),
                ('bob', '2026-02-01T09:00:00Z', 'POST', '/api/v1/score', 'score list of 2', 2, 200)
                """)
        }
        let all = try runRiskBrain(["audit", "--db", db])
        #expect(all.status == 0)
        #expect(all.stdout.split(separator: "\n").count == 4)
        let filtered = try runRiskBrain(["audit", "--since", "2026-01-15", "--format", "json", "--db", db])
        #expect(filtered.stdout == """
            [
              {
                "token": "bob",
                "at": "2026-02-01T09:00:00Z",
                "method": "POST",
                "path": "/api/v1/score",
                "what": "score list of 2",
                "result_count": 2,
                "status": 200
              }
            ]

            """)
        let byToken = try runRiskBrain(["audit", "--token", "alice", "--format", "json", "--db", db])
        #expect(byToken.stdout.contains("\"token\": \"alice\"") && !byToken.stdout.contains("bob"))
        #expect(try runRiskBrain(["audit", "--since", "January", "--db", db]).status == 64)
    }

    /// `audit` and `token list` have no CSV form: their help offered csv and then refused it.
    @Test func auditAndTokenListOfferOnlyTableAndJSON() throws {
        for arguments in [["audit"], ["token", "list"]] {
            let help = try runRiskBrain(["help"] + arguments)
            #expect(help.stdout.contains("(values: table, json;"), "\(help.stdout)")
            let csv = try runRiskBrain(arguments + ["--format", "csv", "--db", "/nonexistent/riskbrain.sqlite"])
            #expect(csv.status == 64)
            #expect(csv.stderr.contains("Please provide one of 'table' and 'json'"), "\(csv.stderr)")
        }
    }
}
