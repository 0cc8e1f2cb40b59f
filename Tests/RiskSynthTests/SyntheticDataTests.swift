import Foundation
import Testing
import RiskDomain
import RiskStore
import RiskTestSupport
@testable import RiskSynth

/// Generated data: determinism, the exchange-format contract, the planted structure and
/// the documented proportions. One N=1000 folder is generated per test (≈0.3 s in debug).
@Suite struct SyntheticDataTests {
    static let exchangeFiles = ["companies.csv", "shareholdings.csv", "officers.csv", "compliance.csv", "litigation.csv",
                                "news.csv", "products.csv", "licences.csv", "labels.csv"]

    /// Generates a folder and returns it with the summary.
    static func generate(_ options: SynthOptions) throws -> (TemporaryDirectory, SynthSummary) {
        let directory = try TemporaryDirectory(prefix: "riskbrain-synth")
        let summary = try SyntheticDataGenerator(options: options, directory: directory.path).run()
        return (directory, summary)
    }

    /// sha256 of every file, `name sha` per line, in file-name order.
    static func digests(_ directory: TemporaryDirectory) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        return try names.map { "\($0) \(try Digest.sha256(fileAt: directory.url.appendingPathComponent($0).path))" }
            .joined(separator: "\n")
    }

    @Test func sameOptionsGiveByteIdenticalFiles() throws {
        let options = SynthOptions(companies: 1000, seed: 7, watchlistSize: 20)
        let (first, _) = try Self.generate(options)
        let (second, _) = try Self.generate(options)
        defer { first.remove(); second.remove() }
        #expect(try Self.digests(first) == Self.digests(second))

        var reseeded = options
        reseeded.seed = 8
        let (third, _) = try Self.generate(reseeded)
        defer { third.remove() }
        #expect(try Digest.sha256(fileAt: third.url.appendingPathComponent("companies.csv").path)
                != Digest.sha256(fileAt: first.url.appendingPathComponent("companies.csv").path))
    }

    /// A fixed digest of the smallest folder: any change to the model or the writer shows
    /// here. When the model changes on purpose, replace the value with the one printed.
    @Test func goldenDigestOfTheSmallestFolder() throws {
        let (directory, _) = try Self.generate(SynthOptions(companies: 1000, seed: 1))
        defer { directory.remove() }
        let files = try Self.digests(directory)
        var digest = Digest()
        digest.update(files)
        let combined = digest.finalize()
        #expect(combined == Self.golden, "actual per-file digests:\n\(files)\ncombined: \(combined)")
    }
    static let golden = "87f8385c1813aa63e7b22945984eae39f2d3b45262ee34b7eec3d7a5578d6ea5"

    @Test func outputFollowsTheExchangeFormat() throws {
        let options = SynthOptions(companies: 1000, seed: 11)
        let (directory, summary) = try Self.generate(options)
        defer { directory.remove() }
        func table(_ name: String) throws -> CSVTable { try CSVTable(path: directory.url.appendingPathComponent(name).path) }

        for name in Self.exchangeFiles {
            let bytes = try Data(contentsOf: directory.url.appendingPathComponent(name))
            #expect(!bytes.starts(with: [0xEF, 0xBB, 0xBF]), "\(name) has a BOM")
            let table = try CSVTable(data: bytes)
            #expect(table.rows.allSatisfy { $0.count == table.header.count }, "\(name) has short or long rows")
            #expect(Set(table.rows).count == table.rows.count, "\(name) has duplicate rows")
            let summaryRows = summary.files.first { $0.name == name }?.rows
            #expect(summaryRows == table.rows.count)
            for column in ["since", "until", "date", "filed", "removed", "granted", "revoked", "start", "end", "established"] {
                for value in table.column(column) where !value.isEmpty {
                    let date = LocalDate(iso: value)
                    #expect(date != nil, "\(name).\(column): \(value)")
                    if let date { #expect(date <= options.asOf, "\(name).\(column) after as-of: \(value)") }
                }
            }
        }

        let companies = try table("companies.csv")
        #expect(companies.header == ["credit_code", "name", "status", "established", "reg_capital", "paid_capital", "ent_type",
                                     "industry", "region_code", "address", "phone", "email", "website", "scope", "parent_code"])
        #expect(companies.rows.count == 1000)
        let codes = companies.column("credit_code")
        #expect(codes.allSatisfy(CreditCode.isValid))
        #expect(Set(codes).count == codes.count)
        #expect(Set(companies.column("name")).count == codes.count, "company names repeat")
        let known = Set(codes)
        for (code, region) in zip(codes, companies.column("region_code")) where !region.isEmpty {
            #expect(region.count == 6 && code.dropFirst(2).prefix(6) == Substring(region))
        }
        #expect(companies.column("parent_code").filter { !$0.isEmpty }.allSatisfy(known.contains))
        #expect(companies.column("parent_code").contains { !$0.isEmpty }, "no branches")

        for name in Self.exchangeFiles.dropFirst() {
            let references = try table(name).column("company")
            #expect(references.allSatisfy(known.contains), "\(name) names a company not in companies.csv")
        }

        // Current holders' percentages per company sum to at most 100, with ≤ 2 decimals.
        let holdings = try table("shareholdings.csv")
        var totals: [String: Double] = [:]
        for row in holdings.records {
            let pct = row["pct"] ?? ""
            #expect(pct.split(separator: ".").dropFirst().first.map { $0.count <= 2 } ?? true, "pct \(pct)")
            if row["until"] == "", let value = Double(pct) { totals[row["company", default: ""], default: 0] += value }
            if row["holder_type"] == "company" {
                let id = row["holder_id"] ?? ""
                #expect(known.contains(id) || id.hasPrefix("HK") || id.hasPrefix("LP-"), "holder \(id)")
            } else {
                #expect(row["holder_id"]?.hasPrefix("P") == true)
            }
        }
        #expect(totals.values.allSatisfy { $0 <= 100.0001 })
        #expect(holdings.column("until").contains { !$0.isEmpty }, "no former holders")
        #expect(holdings.column("holder_id").contains { $0.hasPrefix("HK") || $0.hasPrefix("LP-") }, "no outside holders")

        // Vocabularies are the exchange format's codes.
        let officers = try table("officers.csv")
        #expect(Set(officers.column("role")).isSubset(of: Set(OfficerRole.allCases.map(\.rawValue))))
        #expect(officers.column("role").filter { $0 == "legal_rep" }.count >= 1000)
        #expect(Set(companies.column("status")).allSatisfy { CompanyStatus(text: $0) != nil })
        #expect(Set(try table("litigation.csv").column("role")).isSubset(of: ["plaintiff", "defendant", "third_party"]))
        #expect(Set(try table("compliance.csv").column("kind")).isSubset(of: ["abnormal_operation", "penalty", "serious_violation", "tax_arrears", "change"]))
        #expect(Set(try table("products.csv").column("channel")).isSubset(of: ["online", "app", "offline_seminar", "telemarketing", "agent", "flyer", "other"]))
        #expect(Set(try table("news.csv").column("id")).count == (try table("news.csv")).rows.count)

        // Same-name different-id persons exist.
        var idsByName: [String: Set<String>] = [:]
        for row in officers.records { idsByName[row["person_name", default: ""], default: []].insert(row["person_id", default: ""]) }
        #expect(idsByName.values.contains { $0.count > 1 })
    }

    @Test func ringsReachOtherCitiesThroughHoldingsAndOfficers() throws {
        let (directory, summary) = try Self.generate(SynthOptions(companies: 1000, seed: 5, watchlistSize: 40))
        defer { directory.remove() }
        func table(_ name: String) throws -> CSVTable { try CSVTable(path: directory.url.appendingPathComponent(name).path) }
        let planted = try table("planted.csv").records
        #expect(summary.rings == 4 && summary.decoyBlocks == 2)
        let labels = Dictionary(try table("labels.csv").records.map { ($0["company", default: ""], $0["label", default: ""]) },
                                uniquingKeysWith: { first, _ in first })
        let holdings = try table("shareholdings.csv").records
        let officers = try table("officers.csv").records
        func pct(_ holder: String, _ company: String) -> String? {
            holdings.first { $0["holder_id"] == holder && $0["company"] == company && $0["until"] == "" }?["pct"]
        }
        func people(_ company: String) -> Set<String> {
            Set(officers.filter { $0["company"] == company && $0["until"] == "" }.map { $0["person_id", default: ""] })
        }
        for block in Set(planted.compactMap { $0["scenario"]?.hasPrefix("ring_") == true ? $0["block"] : nil }) {
            let members = planted.filter { $0["block"] == block }
            func code(_ role: String) -> String { members.first { $0["role"] == role }?["credit_code"] ?? "?" }
            func city(_ role: String) -> Substring { (members.first { $0["role"] == role }?["region_code"] ?? "").prefix(4) }
            let holding = code("holding"), operating = code("operating")
            let middle = code("affiliate_holding"), trading = code("affiliate_trading"), tech = code("affiliate_tech")
            #expect(city("affiliate_trading") != city("holding") && city("affiliate_tech") != city("holding"))
            #expect(city("affiliate_holding") != city("holding"))
            #expect(pct(holding, operating) == "80" && pct(holding, middle) == "100")
            #expect(pct(middle, trading) == "70" && pct(holding, tech) == "60")
            #expect(!people(operating).isDisjoint(with: people(trading)), "T shares no officer with O1")
            #expect(!people(operating).isDisjoint(with: people(tech)), "K shares no officer with O1")
            #expect(pct(holding, code("weak_portfolio_stake")) == "2")
            for member in members {
                let expected = member["label"] ?? ""
                #expect(labels[member["credit_code", default: ""]] == (expected.isEmpty ? nil : expected))
            }
            #expect(members.filter { $0["label"] == "1" }.count == 2)
        }
        // The watch list: every ring operating company, some decoys, no affiliate, a few by name only.
        let watchlist = try table("watchlist.csv")
        #expect(watchlist.header == ["referral_no", "credit_code", "name", "note"])
        #expect(watchlist.rows.count == 40)
        let listedNames = Set(watchlist.column("name"))
        let roles = Dictionary(planted.map { ($0["name", default: ""], $0["role", default: ""]) }, uniquingKeysWith: { first, _ in first })
        #expect(planted.filter { $0["label"] == "1" }.allSatisfy { listedNames.contains($0["name", default: ""]) })
        #expect(listedNames.allSatisfy { roles[$0].map { !$0.hasPrefix("affiliate") && $0 != "holding" } ?? true })
        #expect(listedNames.contains { roles[$0] == "decoy" })
        #expect((3...8).contains(watchlist.column("credit_code").filter(\.isEmpty).count))
        #expect(watchlist.column("referral_no").first == "浙金监转〔2026〕001号")

        // Decoys are labelled 0; licensed lenders are plaintiffs, never defendants.
        let litigation = try table("litigation.csv").records
        for decoy in planted where decoy["role"] == "decoy" {
            #expect(labels[decoy["credit_code", default: ""]] == "0")
            if decoy["scenario"] == "decoy_licensed_microcredit" {
                let suits = litigation.filter { $0["company"] == decoy["credit_code"] }
                #expect(suits.count >= 15 && suits.allSatisfy { $0["role"] == "plaintiff" })
            }
        }
    }

    /// Every ring's O1 changes legal rep, address, scope and capital within the year before
    /// its collapse (the model's `change_days: 365` window, whose churn step starts at 4
    /// changes); they were once dated from the start of the raising, years out of reach.
    @Test func operatingCompaniesChurnWithinTheYearBeforeTheirCollapse() throws {
        let directory = try TemporaryDirectory(prefix: "riskbrain-synth")
        defer { directory.remove() }
        let generator = try SyntheticDataGenerator(options: SynthOptions(companies: 1000, seed: 5), directory: directory.path)
        let summary = try generator.run()
        let planted = try CSVTable(path: directory.url.appendingPathComponent("planted.csv").path).records
        let changes = try CSVTable(path: directory.url.appendingPathComponent("compliance.csv").path).records
            .filter { $0["kind"] == "change" }
        var checked = 0
        for row in planted where row["role"] == "operating" {
            guard let block = Int(row["block", default: ""]),
                  case .ring(let ring) = generator.layout.kind(ofBlock: block),
                  // O1 and, outside the wealth-management shape, O2 are both "operating"; O1 comes first.
                  planted.first(where: { $0["block"] == row["block"] && $0["role"] == "operating" })?["credit_code"] == row["credit_code"]
            else { continue }
            let collapse = LocalDate(dayNumber: generator.ringPlan(ring).0.blowUp)
            let yearBefore = collapse.adding(days: -365)
            let dates = changes.filter { $0["company"] == row["credit_code"] }.compactMap { LocalDate(iso: $0["date", default: ""]) }
            let recent = dates.filter { $0 >= yearBefore && $0 < collapse }
            #expect(recent.count >= 4, "O1 \(row["credit_code", default: ""]) of ring \(ring) collapsed \(collapse.iso); changes: \(dates.map(\.iso))")
            checked += 1
        }
        #expect(checked == summary.rings)
    }

    /// No record is dated before a company it names existed: a suit's filing date follows
    /// the establishment of every party to the case, a holding's dates that of the company
    /// and of a company holder, and a label, product, licence, listing or news item that of
    /// its company. (Suits once took a date from one party only, and labels, ring branch
    /// products and some holdings ignored the date altogether.)
    @Test func noRecordPredatesTheCompaniesItNames() throws {
        let (directory, _) = try Self.generate(SynthOptions(companies: 1000, seed: 5))
        defer { directory.remove() }
        func table(_ name: String) throws -> [[String: String]] {
            try CSVTable(path: directory.url.appendingPathComponent(name).path).records
        }
        var established: [String: String] = [:]
        for row in try table("companies.csv") { established[row["credit_code", default: ""]] = row["established"] }
        var early: [String] = []
        func check(_ file: String, _ company: String?, _ date: String?) {
            guard let company, let date, !date.isEmpty, let founded = established[company], date < founded else { return }
            early.append("\(file): \(company) established \(founded), row dated \(date)")
        }
        var parties: [String: [String]] = [:]
        let litigation = try table("litigation.csv")
        for row in litigation { parties[row["case_no", default: ""], default: []].append(row["company", default: ""]) }
        for row in litigation {
            for party in parties[row["case_no", default: ""], default: []] { check("litigation.csv", party, row["filed"]) }
        }
        for row in try table("shareholdings.csv") {
            for company in [row["company"], row["holder_id"]] {
                check("shareholdings.csv", company, row["since"]); check("shareholdings.csv", company, row["until"])
            }
        }
        for row in try table("officers.csv") { check("officers.csv", row["company"], row["since"]) }
        for (file, column) in [("labels.csv", "date"), ("products.csv", "start"), ("licences.csv", "granted"),
                               ("compliance.csv", "date"), ("news.csv", "date")] {
            for row in try table(file) { check(file, row["company"], row[column]) }
        }
        #expect(early.isEmpty, "\(early.count) rows predate a company:\n\(early.prefix(10).joined(separator: "\n"))")
    }

    @Test func proportionsMatchTheDocumentedModel() throws {
        let (directory, summary) = try Self.generate(SynthOptions(companies: 20_000, seed: 3))
        defer { directory.remove() }
        func rows(_ name: String) -> Int { summary.files.first { $0.name == name }?.rows ?? 0 }
        let n = 20_000.0
        #expect((0.8...1.0).contains(Double(summary.persons) / n))
        #expect((1.6...2.4).contains(Double(rows("shareholdings.csv")) / n))
        #expect((2.4...3.6).contains(Double(rows("officers.csv")) / n))
        #expect((0.22...0.45).contains(Double(rows("litigation.csv")) / n))
        #expect((0.06...0.15).contains(Double(rows("news.csv")) / n))
        #expect((0.25...0.45).contains(Double(rows("compliance.csv")) / n))
        let companies = try CSVTable(path: directory.url.appendingPathComponent("companies.csv").path)
        #expect(Set(companies.column("name")).count == companies.rows.count, "company names repeat")
        for name in ["officers.csv", "compliance.csv", "shareholdings.csv", "litigation.csv"] {
            let table = try CSVTable(path: directory.url.appendingPathComponent(name).path)
            #expect(Set(table.rows).count == table.rows.count, "\(name) has duplicate rows")
        }
        var perPhone: [String: Int] = [:], perAddress: [String: Int] = [:]
        for row in companies.records {
            if let phone = row["phone"], !phone.isEmpty { perPhone[phone, default: 0] += 1 }
            perAddress[row["address", default: ""], default: 0] += 1
        }
        let sharingPhone = perPhone.values.filter { $0 > 1 }.reduce(0, +)
        #expect((0.015...0.06).contains(Double(sharingPhone) / n), "companies sharing a phone: \(sharingPhone)")
        #expect(perAddress.values.max() ?? 0 >= 30, "no mass-registration address")
        // Agent hubs sit as supervisor on many boards.
        let officers = try CSVTable(path: directory.url.appendingPathComponent("officers.csv").path)
        var boards: [String: Int] = [:]
        for row in officers.records where row["role"] == "supervisor" { boards[row["person_id", default: ""], default: 0] += 1 }
        #expect(boards.values.max() ?? 0 >= 100)
    }
}
