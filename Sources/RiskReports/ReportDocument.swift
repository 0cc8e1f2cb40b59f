import RiskDomain

/// Everything a regulator report shows, as plain values: the input of ``ReportRenderer``.
///
/// It mirrors the scoring JSON (`model`, `as_of`, `data_fingerprint`, `results`,
/// `unmatched`, `linked`) and adds what the report prints besides: the cover facts, the
/// registry, ownership and link neighbourhoods of the dossier companies (graph `owners`
/// and `links` shapes) and the model appendix. Nothing here reads a clock: the report
/// date is part of the document, so the same document renders to the same bytes.
public struct ReportDocument: Sendable, Hashable {
    /// e.g. 非法集资风险排查报告
    public var title: String
    /// The date the report was produced (injected by the caller).
    public var reportDate: LocalDate
    /// The as-of date the model scored at.
    public var asOf: LocalDate
    public var model: ReportModelInfo
    /// Fingerprint (sha256) of the data the scores were computed from.
    public var dataFingerprint: String
    /// The watch list the report answers; nil for a screening without a list.
    public var list: ReportListFile?
    /// 2-, 4- or 6-digit region code of the bureau; linked companies outside it are 异地.
    /// When nil, a linked company is 异地 when its city (4 digits) differs from its source company's.
    public var jurisdiction: String?
    /// Every listed company that matched, in any order (reports rank them).
    public var companies: [ReportCompany]
    /// List rows that matched no company, or more than one.
    public var unmatched: [ReportUnmatchedEntry]
    /// Linked warnings (顺藤摸瓜).
    public var linked: [ReportLinkedWarning]
    public var appendix: ReportModelAppendix

    public init(title: String, reportDate: LocalDate, asOf: LocalDate, model: ReportModelInfo, dataFingerprint: String,
                list: ReportListFile?, jurisdiction: String? = nil, companies: [ReportCompany],
                unmatched: [ReportUnmatchedEntry] = [], linked: [ReportLinkedWarning] = [],
                appendix: ReportModelAppendix) {
        self.title = title; self.reportDate = reportDate; self.asOf = asOf; self.model = model
        self.dataFingerprint = dataFingerprint; self.list = list; self.jurisdiction = jurisdiction
        self.companies = companies; self.unmatched = unmatched; self.linked = linked; self.appendix = appendix
    }

    /// Companies by score descending, equal scores in the order given (the scorer's ranking:
    /// more points before the cap first, then credit code): the order of every table. The
    /// report re-sorted ties by credit code, so its ranks were not the scorer's (found by review).
    ///
    /// - Complexity: O(n log n).
    public var rankedCompanies: [ReportCompany] {
        companies.enumerated().sorted { ($1.element.score, $0.offset) < ($0.element.score, $1.offset) }.map(\.element)
    }

    /// High then medium companies, each group ranked: the dossiers.
    public var dossierCompanies: [ReportCompany] {
        rankedCompanies.filter(\.hasDossier).sorted { $0.level.severityRank < $1.level.severityRank }
    }

    /// The list's own columns (a referral number) of the listed company `code`, as
    /// `（名单 referral_no=…）`, empty when it has none: a linked warning names the listed
    /// company it came by, and the bureau cites that company's referral number when it refers
    /// the affiliate on (found by review).
    public func listReference(_ code: String) -> String {
        guard let company = companies.first(where: { $0.creditCode == code }) else { return "" }
        let extras = ReportField.listExtras(company.input)
        return extras.isEmpty ? "" : "（名单 " + extras + "）"
    }

    /// Linked warnings by score descending, equal scores in the order given (the scorer's).
    public var rankedLinked: [ReportLinkedWarning] {
        linked.enumerated().sorted { ($1.element.score, $0.offset) < ($0.element.score, $1.offset) }.map(\.element)
    }

    /// Count of listed companies per level.
    /// The model's name for `level` (its `levels[].chinese`, e.g. 红色预警), else 高危 / 关注 / 正常.
    public func levelName(_ level: RiskLevel) -> String {
        appendix.levelBands.first { $0.level == level }?.name ?? level.chinese
    }

    /// Every level's name (``levelName(_:)``), for the charts.
    public var levelNames: [RiskLevel: String] {
        Dictionary(uniqueKeysWithValues: RiskLevel.allCases.map { ($0, levelName($0)) })
    }

    public func count(of level: RiskLevel) -> Int { companies.reduce(0) { $0 + ($1.level == level ? 1 : 0) } }

    /// Every evidence reference in the document (reasons of all companies), sorted and unique.
    public var evidenceReferences: [EvidenceReference] {
        var seen = Set<EvidenceReference>()
        for company in companies {
            for reason in company.reasons { for evidence in reason.evidence { seen.insert(evidence.reference) } }
        }
        return seen.sorted()
    }

    /// What 异地 means in this report, said under the linked warnings (it was marked without a
    /// word, and read as "outside the jurisdiction" where it meant "another city than the
    /// source"; found by review).
    public var remoteNote: String {
        if let jurisdiction, !jurisdiction.isEmpty {
            return "异地：注册地不在本辖区（\(RegionNames.label(jurisdiction))）内，建议通报属地金融管理部门。"
        }
        return "异地：与其关联的名单企业不在同一城市（行政区划代码前四位不同）；本报告未指定辖区。"
    }

    /// True when `warning`'s region lies outside the bureau's jurisdiction (异地).
    public func isRemote(_ warning: ReportLinkedWarning) -> Bool {
        if let jurisdiction, !jurisdiction.isEmpty { return !warning.regionCode.hasPrefix(jurisdiction) }
        guard let source = companies.first(where: { $0.creditCode == warning.via }) else { return false }
        return warning.regionCode.prefix(4) != source.regionCode.prefix(4)
    }
}

/// The model a report was scored with.
public struct ReportModelInfo: Sendable, Hashable {
    public var id: String
    public var version: String
    /// sha256 of the model file.
    public var sha256: String
    public init(id: String, version: String, sha256: String) { self.id = id; self.version = version; self.sha256 = sha256 }
}

/// The watch-list file a report answers.
public struct ReportListFile: Sendable, Hashable {
    /// As given on the command line.
    public var path: String
    public var sha256: String
    /// Data rows in the list.
    public var rows: Int
    public init(path: String, sha256: String, rows: Int) { self.path = path; self.sha256 = sha256; self.rows = rows }
}

/// A watch-list row that matched no company, or several (never guessed).
public struct ReportUnmatchedEntry: Sendable, Hashable {
    /// 1-based data row of the list.
    public var row: Int
    /// The name or code as written in the list.
    public var query: String
    /// True when several companies matched; false when none did.
    public var ambiguous: Bool
    /// Candidate companies, best first (for a duplicate row: the company it names).
    public var candidates: [ReportCandidate]
    /// The earlier row naming the same company, when this row repeats it (scored there).
    public var duplicateOf: Int?
    /// The founding date of the company the row names, when that is after the as-of date (it
    /// did not exist then and has no score; the company is the one candidate). For a
    /// duplicate, the first row's company was not established either.
    public var established: LocalDate?
    /// The row's credit code is a company whose registry name is not the row's name (not
    /// scored; both are candidates).
    public var codeNameMismatch = false
    /// Scoring's note on the row (both names of a mismatch; what is wrong with a code whose
    /// row was tried by its name).
    public var note: String? = nil
    /// The row gives only a credit code, and it is invalid (wrong length or check character).
    public var badCreditCode = false
    /// The row's columns, in the list's order.
    public var input: [ReportField] = []

    public init(row: Int, query: String, ambiguous: Bool, candidates: [ReportCandidate] = [], duplicateOf: Int? = nil,
                established: LocalDate? = nil) {
        self.row = row; self.query = query; self.ambiguous = ambiguous; self.candidates = candidates; self.duplicateOf = duplicateOf
        self.established = established
    }

    /// What happened to the row, in Chinese and English.
    public var situation: (chinese: String, english: String) {
        if codeNameMismatch { return ("统一社会信用代码与企业名称不符，未予评分", note ?? "credit code and name disagree") }
        // Not 未找到: the code is not a valid one, which is not "not in the registry" (found by review).
        if badCreditCode {
            let detail: String
            do { _ = try CreditCode(validating: CreditCode.halfWidth(query).trimmingCharacters(in: .whitespaces).uppercased()); detail = "" } catch let error as CreditCodeError {
                detail = "：" + error.chinese
            } catch { detail = "" }
            return ("统一社会信用代码无效\(detail)，未予匹配", note ?? "invalid credit code")
        }
        if let first = duplicateOf {
            // The first row was not scored either when its company did not exist yet.
            if let established {
                return ("与第 \(first) 行为同一企业，评分基准日尚未成立（\(established.iso) 成立），不予评分",
                        "duplicate of row \(first), not established by the as-of date (founded \(established.iso))")
            }
            return ("与第 \(first) 行为同一企业，在该行评分", "duplicate of row \(first)")
        }
        if let established {
            return ("评分基准日尚未成立（\(established.iso) 成立），不予评分", "not established by the as-of date (founded \(established.iso))")
        }
        let english = ambiguous ? "ambiguous" : "no match"
        return (ambiguous ? "多个匹配，未予猜测" : "未找到", note.map { "\(english); \($0)" } ?? english)
    }
}

/// A company that might be the one a list row meant.
public struct ReportCandidate: Sendable, Hashable {
    public var creditCode: String
    public var name: String
    public var regionCode: String
    public init(creditCode: String, name: String, regionCode: String) {
        self.creditCode = creditCode; self.name = name; self.regionCode = regionCode
    }
}

/// A company not on the list, warned because of its links to a listed one (顺藤摸瓜).
public struct ReportLinkedWarning: Sendable, Hashable {
    public var creditCode: String
    public var name: String
    public var regionCode: String
    public var score: Double
    public var level: RiskLevel
    /// Credit code of the listed company the chain starts from.
    public var via: String
    /// The chain from `via` to this company, link by link.
    public var chain: [ChainLink]
    /// Its registry facts (status, legal representative on the as-of date, address): a
    /// linked warning named only its code and region, and a bureau referring it to another
    /// city had to look up where it is and who runs it (found by review).
    public var registry: RegistryFacts? = nil
    /// Its disposition, as a listed company with its score and reasons gets: its level's, or
    /// the model's specific one (``dispositionRule``).
    public var disposition: String = ""
    /// The indicator of the model's specific disposition, when that is what it got.
    public var dispositionRule: DispositionRuleRef? = nil
    /// Its own records alone are high (however it was found): the chain is a tie from the
    /// list company `via` that brings it into view, not necessarily its risk's source.
    public var highOnItsOwn: Bool = false
    /// The entity (as the chain's links name it) the chain begins at: its path's first company
    /// (the risk's source, or the listed company for one high on its own records). Nil: the
    /// listed company `via` when the chain touches it.
    public var chainStart: String? = nil
    /// The listed company `via` is the source of its network risk (来源企业); false: another
    /// company is, or none, and `via` is only where its tie to the list starts (关联名单企业).
    public var viaIsSource: Bool = true
    /// Every reason of its score with its evidence, as a listed company's dossier cites them.
    public var reasons: [ReportReason] = []
    /// Its dimension scores (each capped at 100), from which its score is combined: how 90
    /// follows from reasons worth well over 100 points (found by review: the report had none).
    public var dimensions: DimensionScores? = nil

    public init(creditCode: String, name: String, regionCode: String, score: Double, level: RiskLevel, via: String,
                chain: [ChainLink]) {
        self.creditCode = creditCode; self.name = name; self.regionCode = regionCode; self.score = score
        self.level = level; self.via = via; self.chain = chain
    }

    /// The reasons in the scorer's ranking (``ReportReason/rank``), then by points, then by
    /// indicator id.
    public var rankedReasons: [ReportReason] { ReportReason.ranked(reasons) }

    /// Where ``ChainChart`` starts reading the chain: ``chainStart``, else the listed company
    /// (named `viaName`) when a link touches it by code or by name.
    public func chainStart(viaName: String?) -> String? {
        chainStart ?? ChainChart.start(of: chain, code: via, name: viaName)
    }

    /// `登记状态：存续；法定代表人：张某；地址：…` from the registry facts, nil without them.
    public var factsLine: String? {
        guard let registry else { return nil }
        var parts: [String] = []
        if let status = registry.status { parts.append("登记状态：\(status.chinese)") }
        if let rep = registry.legalRepresentative { parts.append("\(registry.parentCode == nil ? "法定代表人" : "负责人")：\(rep)") }
        if let address = registry.address { parts.append("地址：\(address)") }
        if let phone = registry.phone { parts.append("电话：\(phone)") }
        return parts.isEmpty ? nil : parts.joined(separator: "；")
    }
}
