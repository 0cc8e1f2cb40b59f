import Foundation
import RiskDomain

/// Writes a deterministic synthetic exchange-format data folder of any size.
///
/// Companies are generated in index order, one at a time, each from its own seeded random
/// stream, and every row goes straight to a buffered ``CSVFileWriter``: memory stays flat
/// (a few MiB) whatever the scale, and time is O(N). What other companies a company names
/// (parent, holding company, opponent in a suit) is recomputed from ``SyntheticRegistry``,
/// never looked up in stored state. Planted rings and decoys sit at the indices
/// ``SynthLayout`` reserves for them. The same options give byte-identical files.
///
/// The model (proportions, rings, decoys) is described in the README's `synth` section and
/// in `riskbrain synth --help`.
public final class SyntheticDataGenerator {
    /// File names in the order they are written.
    public static let fileNames = [
        "companies.csv", "shareholdings.csv", "officers.csv", "compliance.csv", "litigation.csv",
        "news.csv", "products.csv", "licences.csv", "labels.csv", "planted.csv",
    ]

    public let options: SynthOptions
    let registry: SyntheticRegistry
    let layout: SynthLayout
    let asOf: Int
    let directory: URL

    let companies: CSVFileWriter
    let shareholdings: CSVFileWriter
    let officers: CSVFileWriter
    let compliance: CSVFileWriter
    let litigation: CSVFileWriter
    let news: CSVFileWriter
    let products: CSVFileWriter
    let licences: CSVFileWriter
    let labels: CSVFileWriter
    let planted: CSVFileWriter

    var caseSerial = 0
    var newsSerial = 0
    var watchlist: WatchlistCollector
    /// One bit per person: set once the person appears in a row (for the summary's count).
    var personSeen: [UInt64]

    /// Opens the ten output files in `directory` (created when missing).
    public init(options: SynthOptions, directory: String) throws {
        try options.validate()
        self.options = options
        registry = SyntheticRegistry(seed: options.seed)
        layout = SynthLayout(companies: options.companies, seed: options.seed)
        asOf = options.asOf.dayNumber
        self.directory = URL(fileURLWithPath: directory, isDirectory: true)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), !isFolder.boolValue {
            throw SynthError.notAFolder(path: directory)
        }
        do {
            try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        } catch {
            throw SynthError.cannotWrite(path: directory)
        }
        func open(_ name: String, _ header: [String]) throws -> CSVFileWriter {
            try CSVFileWriter(path: URL(fileURLWithPath: directory).appendingPathComponent(name).path, header: header)
        }
        companies = try open("companies.csv", ["credit_code", "name", "status", "established", "reg_capital", "paid_capital",
                                               "ent_type", "industry", "region_code", "address", "phone", "email", "website",
                                               "scope", "parent_code"])
        shareholdings = try open("shareholdings.csv", ["company", "holder_id", "holder_name", "holder_type", "pct",
                                                       "subscribed", "paid", "since", "until"])
        officers = try open("officers.csv", ["company", "person_id", "person_name", "role", "since", "until"])
        compliance = try open("compliance.csv", ["company", "kind", "date", "authority", "reason", "amount", "removed"])
        litigation = try open("litigation.csv", ["case_no", "company", "role", "cause", "case_type", "court", "filed",
                                                 "amount", "counterparty", "outcome"])
        news = try open("news.csv", ["id", "company", "date", "source", "title", "content", "url", "sentiment"])
        products = try open("products.csv", ["company", "product", "promised_yield", "guaranteed", "term_months",
                                             "min_investment", "channel", "investors", "raised", "start", "end"])
        licences = try open("licences.csv", ["company", "licence", "authority", "granted", "revoked"])
        labels = try open("labels.csv", ["company", "label", "date", "source"])
        planted = try open("planted.csv", ["block", "scenario", "role", "credit_code", "name", "region_code", "label", "expected", "note"])
        if options.watchlistSize == 0 {
            // A watch list from an earlier run would pass for this run's: remove it (only
            // that file; anything else in the folder is left alone).
            let stale = self.directory.appendingPathComponent("watchlist.csv")
            if FileManager.default.fileExists(atPath: stale.path) {
                do { try FileManager.default.removeItem(at: stale) } catch { throw SynthError.cannotWrite(path: stale.path) }
            }
        }
        watchlist = WatchlistCollector(capacity: options.watchlistSize, seed: options.seed)
        personSeen = [UInt64](repeating: 0, count: layout.personCount / 64 + 1)
    }

    /// Generates every file and closes them; returns what was written.
    public func run() throws -> SynthSummary {
        var index = 0
        while index < options.companies {
            if let block = layout.block(startingAt: index) {
                switch layout.kind(ofBlock: block) {
                case .ring(let ring): try writeRing(block: block, ring: ring, start: index)
                case .decoy(let decoy): try writeDecoys(block: block, decoy: decoy, start: index)
                }
                index += layout.size(ofBlock: block)
            } else {
                try writeOrdinary(index)
                index += 1
            }
        }
        let writers = [companies, shareholdings, officers, compliance, litigation, news, products, licences, labels, planted]
        for writer in writers { try writer.close() }
        if options.watchlistSize > 0 {
            try watchlist.write(to: directory.appendingPathComponent("watchlist.csv").path, year: options.asOf.year)
        }
        var files = zip(Self.fileNames, writers).map { SynthSummary.File(name: $0.0, rows: $0.1.rows, bytes: $0.1.bytes) }
        if options.watchlistSize > 0 {
            files.append(SynthSummary.File(name: "watchlist.csv", rows: watchlist.rowsWritten, bytes: watchlist.bytesWritten))
        }
        let persons = personSeen.reduce(0) { $0 + $1.nonzeroBitCount }
        return SynthSummary(files: files, persons: persons, rings: layout.ringCount,
                            decoyBlocks: layout.decoyCount, hubs: layout.hubCount)
    }

    // MARK: Row writers shared by ordinary and planted companies

    /// The identity of a company as other rows name it.
    struct CompanyRef {
        let code: String
        let name: String
        let region: Int
    }

    /// The reference of ordinary company `index` (code, name, region), recomputed.
    func ordinaryRef(_ index: Int) -> CompanyRef {
        let region = registry.region(index)
        let kind = registry.kind(index)
        let name: String
        if kind == .branch, let parent = branchParent(of: index) {
            name = branchName(of: index, parent: parent, region: region)
        } else {
            name = registry.companyName(index, region: region, kind: kind == .branch ? .operating : kind)
        }
        return CompanyRef(code: registry.creditCode(index, region: region), name: name, region: region)
    }

    /// The establishment day of ordinary company `index`, recomputed: a branch opens at
    /// least 90 days after its parent (and at least 10 days before as-of).
    func ordinaryEstablished(_ index: Int) -> Int {
        let established = registry.established(index, asOf: options.asOf)
        guard registry.kind(index) == .branch, let parent = branchParent(of: index) else { return established }
        return min(max(established, registry.established(parent, asOf: options.asOf) + 90), asOf - 10)
    }

    /// The parent of branch `index`: an earlier ordinary non-branch company, or nil.
    func branchParent(of index: Int) -> Int? {
        var random = SplitMix64(seed: options.seed, stream: 21, index: UInt64(index))
        return earlierOrdinary(before: index, window: 5000, random: &random) { registry.kind($0) != .branch }
    }

    /// A branch's name: the parent's name, the branch's city (or district when the branch
    /// is in the parent's city), its street and 分公司 (杭州瑞丰商贸有限公司宁波中山西路分公司).
    /// Two branches of one parent get the same name only when they share district and
    /// street, which is rare but possible (the registry allows it; the engine must cope).
    func branchName(of branch: Int, parent: Int, region: Int) -> String {
        let parentRegion = registry.region(parent)
        let parentName = registry.companyName(parent, region: parentRegion, kind: registry.kind(parent))
        let place = registry.regions[region]
        let street = place.streets[Int(SplitMix64.hash(options.seed, 22, UInt64(branch)) % UInt64(place.streets.count))]
        if place.cityCode == registry.regions[parentRegion].cityCode {
            return parentName + String(place.district.dropLast()) + street + "分公司"
        }
        return parentName + place.cityShort + street + "分公司"
    }

    /// An ordinary (never planted) company index in `index - window ..< index` that
    /// satisfies `accept`, after at most 64 draws; nil when none was found.
    func earlierOrdinary(before index: Int, window: Int, random: inout SplitMix64,
                         accept: (Int) -> Bool = { _ in true }) -> Int? {
        guard index > 0 else { return nil }
        let span = min(index, window)
        for _ in 0..<64 {
            let candidate = index - 1 - random.below(span)
            if !layout.isPlanted(candidate), accept(candidate) { return candidate }
        }
        return nil
    }

    /// Any ordinary company other than `index` that satisfies `accept`, after at most 64
    /// draws; nil when none was found.
    func anyOrdinary(other index: Int, random: inout SplitMix64, accept: (Int) -> Bool = { _ in true }) -> Int? {
        for _ in 0..<64 {
            let candidate = random.below(options.companies)
            if candidate != index, !layout.isPlanted(candidate), accept(candidate) { return candidate }
        }
        return nil
    }

    @inline(__always)
    func markPerson(_ person: Int) {
        personSeen[person >> 6] |= 1 << UInt64(person & 63)
    }

    func writeCompany(code: String, name: String, status: String, established: Int, regCapital: Int?, paidCapital: Int?,
                      entType: String, industry: String, regionCode: String?, address: String, phone: String?,
                      email: String?, website: String?, scope: String, parentCode: String?) throws {
        let out = companies
        out.field(code); out.field(name); out.field(status); out.field(day: established)
        out.field(hundredths: regCapital); out.field(hundredths: paidCapital)
        out.field(entType); out.field(industry)
        if let regionCode { out.field(regionCode) } else { out.empty() }
        out.field(address)
        if let phone { out.field(phone) } else { out.empty() }
        if let email { out.field(email) } else { out.empty() }
        if let website { out.field(website) } else { out.empty() }
        out.field(scope)
        if let parentCode { out.field(parentCode) } else { out.empty() }
        try out.endRow()
    }

    /// A person holder's row.
    func writeHolding(company: String, person: Int, pct: Int?, subscribed: Int?, paid: Int?, since: Int?, until: Int?) throws {
        markPerson(person)
        try writeHolding(company: company, holderID: registry.personID(person), holderName: registry.personName(person),
                         holderType: "person", pct: pct, subscribed: subscribed, paid: paid, since: since, until: until)
    }

    /// A holder's row; amounts in hundredths of 万元, pct in hundredths of a percent.
    func writeHolding(company: String, holderID: String, holderName: String, holderType: String, pct: Int?,
                      subscribed: Int?, paid: Int?, since: Int?, until: Int?) throws {
        let out = shareholdings
        out.field(company); out.field(holderID); out.field(holderName); out.field(holderType)
        out.field(hundredths: pct); out.field(hundredths: subscribed); out.field(hundredths: paid)
        out.field(day: since); out.field(day: until)
        try out.endRow()
    }

    func writeOfficer(company: String, person: Int, role: String, since: Int?, until: Int?) throws {
        markPerson(person)
        let out = officers
        out.field(company); out.field(registry.personID(person)); out.field(registry.personName(person)); out.field(role)
        out.field(day: since); out.field(day: until)
        try out.endRow()
    }

    func writeCompliance(company: String, kind: String, date: Int, authority: String, reason: String,
                         amount: Int?, removed: Int?) throws {
        let out = compliance
        out.field(company); out.field(kind); out.field(day: date); out.field(authority); out.field(reason)
        out.field(hundredths: amount); out.field(day: removed)
        try out.endRow()
    }

    /// A new case number: `（2023）浙0106民初1234号`; the serial is global, so numbers never repeat.
    func newCaseNumber(filed: Int, courtCode: String, kind: String) -> String {
        caseSerial += 1
        return "（" + String(LocalDate(dayNumber: filed).year) + "）" + courtCode + kind + String(caseSerial + 1000) + "号"
    }

    func writeCase(caseNo: String, company: String, role: String, cause: String, caseType: String, court: String,
                   filed: Int, amount: Int?, counterparty: String?, outcome: String?) throws {
        let out = litigation
        out.field(caseNo); out.field(company); out.field(role); out.field(cause); out.field(caseType); out.field(court)
        out.field(day: filed); out.field(hundredths: amount)
        if let counterparty { out.field(counterparty) } else { out.empty() }
        if let outcome { out.field(outcome) } else { out.empty() }
        try out.endRow()
    }

    /// A news item with a fresh id (`N0000001`) and url; sentiment in hundredths (-100…100).
    func writeNews(company: String, date: Int, source: String, title: String, content: String, sentiment: Int?) throws {
        newsSerial += 1
        let out = news
        let mark = out.beginField(); out.append("N"); out.appendPadded(newsSerial, width: 7); out.endField(mark)
        out.field(company); out.field(day: date); out.field(source); out.field(title); out.field(content)
        let url = out.beginField(); out.append("https://news.example.cn/a/"); out.appendInt(newsSerial); out.append(".html"); out.endField(url)
        out.field(hundredths: sentiment)
        try out.endRow()
    }

    func writeProduct(company: String, product: String, promisedYield: Int?, guaranteed: Bool?, termMonths: Int?,
                      minInvestment: Int?, channel: String, investors: Int?, raised: Int?, start: Int?, end: Int?) throws {
        let out = products
        out.field(company); out.field(product); out.field(hundredths: promisedYield)
        if let guaranteed { out.field(bool: guaranteed) } else { out.empty() }
        out.field(int: termMonths); out.field(hundredths: minInvestment); out.field(channel)
        out.field(int: investors); out.field(hundredths: raised); out.field(day: start); out.field(day: end)
        try out.endRow()
    }

    func writeLicence(company: String, licence: String, authority: String, granted: Int, revoked: Int?) throws {
        let out = licences
        out.field(company); out.field(licence); out.field(authority); out.field(day: granted); out.field(day: revoked)
        try out.endRow()
    }

    func writeLabel(company: String, label: Int, date: Int, source: String) throws {
        let out = labels
        out.field(company); out.field(int: label); out.field(day: date); out.field(source)
        try out.endRow()
    }

    func writePlanted(block: Int, scenario: String, role: String, code: String, name: String, regionCode: String,
                      label: Int?, expected: String, note: String) throws {
        let out = planted
        out.field(int: block); out.field(scenario); out.field(role); out.field(code); out.field(name); out.field(regionCode)
        out.field(int: label); out.field(expected); out.field(note)
        try out.endRow()
    }

    /// A random day in `from...to` (clamped to `asOf`); `from` when the range is empty.
    func day(from: Int, to: Int, _ random: inout SplitMix64) -> Int {
        let upper = min(to, asOf)
        guard upper > from else { return min(from, asOf) }
        return from + random.below(upper - from + 1)
    }
}
