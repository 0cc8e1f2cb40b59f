import RiskDomain

/// Encodes a ``ReportDocument`` as ``JSONValue``, keys in a fixed order.
///
/// Top level: `report` (title, date, jurisdiction, list), `model`, `as_of`, `data_fingerprint`,
/// `summary` (counts, histogram), `results` (ranked, scoring JSON shape plus `registry`,
/// `owners` and `links` in the graph queries' shapes), `unmatched`, `linked` (each with
/// `remote`), `appendix`.
enum ReportJSONEncoder {
    static func encode(_ doc: ReportDocument) -> JSONValue {
        var report: [(String, JSONValue)] = [
            ("title", .string(doc.title)),
            ("date", .string(doc.reportDate.iso)),
            ("jurisdiction", .optional(doc.jurisdiction)),
        ]
        if let list = doc.list {
            report.append(("list", .object([("path", .string(list.path)), ("sha256", .string(list.sha256)), ("rows", .int(list.rows))])))
        } else {
            report.append(("list", .null))
        }
        let bins = ScoreHistogramChart.bins(doc.companies)
        let histogram: [JSONValue] = bins.enumerated().map { index, counts in
            .object([("from", .int(index * 10)), ("to", .int(index * 10 + 10)),
                     ("high", .int(counts[.high] ?? 0)), ("medium", .int(counts[.medium] ?? 0)), ("low", .int(counts[.low] ?? 0))])
        }
        let summary: JSONValue = .object([
            ("counts", .object(RiskLevel.allCases.map { ($0.rawValue, .int(doc.count(of: $0))) }
                + [("unmatched", .int(doc.unmatched.count)), ("linked", .int(doc.linked.count))])),
            ("histogram", .array(histogram)),
        ])
        return .object([
            ("report", .object(report)),
            ("model", .object([("id", .string(doc.model.id)), ("version", .string(doc.model.version)), ("sha256", .string(doc.model.sha256))])),
            ("as_of", .string(doc.asOf.iso)),
            ("data_fingerprint", .string(doc.dataFingerprint)),
            ("summary", summary),
            ("results", .array(doc.rankedCompanies.map(company))),
            ("unmatched", .array(doc.unmatched.sorted { ($0.row, $0.query) < ($1.row, $1.query) }.map(unmatched))),
            ("linked", .array(doc.rankedLinked.map { warning in
                linked(warning, remote: doc.isRemote(warning), viaName: doc.companies.first { $0.creditCode == warning.via }?.name)
            })),
            ("appendix", appendix(doc.appendix)),
        ])
    }

    static func company(_ company: ReportCompany) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("credit_code", .string(company.creditCode)),
            ("name", .string(company.name)),
            ("region_code", .string(company.regionCode)),
            ("score", .double(rounded(company.score))),
            ("level", .string(company.level.rawValue)),
            ("dimensions", .object(RiskDimension.allCases.map { ($0.rawValue, .double(rounded(company.dimensions[$0]))) })),
            ("reasons", .array(company.rankedReasons.map(reason))),
            ("disposition", .string(company.disposition)),
        ] + (company.dispositionRule.map { [("disposition_rule", .string($0.indicator))] } ?? []) + [
            ("input", .object(company.input.map { ($0.name, .string($0.value)) })),
        ] + (company.matchNote.map { [("note", .string($0))] } ?? []) + (company.recordsChecked.map { [("records_checked", .string($0))] } ?? [])
        members.append(("registry", company.registry.map(registry) ?? .null))
        members.append(("owners", company.ownership.map { owners($0, company: company) } ?? .null))
        members.append(("links", company.links.map(links) ?? .null))
        return .object(members)
    }

    /// Scores, points and shares to 2 decimals, as the HTML and Markdown print them: a share
    /// computed as 0.9 × 0.8 × 100 is 72, not `72.00000000000001`.
    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    static func reason(_ reason: ReportReason) -> JSONValue {
        .object([
            ("indicator", .string(reason.indicator)),
            ("dimension", .string(reason.dimension.rawValue)),
            ("points", .double(rounded(reason.points))),
            ("description", .string(reason.description)),
            ("evidence", .array(reason.evidence.map(evidence))),
        ])
    }

    static func evidence(_ evidence: ReportEvidence) -> JSONValue {
        .object([
            ("kind", .string(evidence.reference.kind.rawValue)),
            ("company", .string(evidence.reference.company)),
            ("key", .string(evidence.reference.key)),
            ("text", .string(evidence.text)),
            ("citation", citation(evidence.citation)),
        ])
    }

    static func citation(_ citation: EvidenceCitation) -> JSONValue {
        switch citation {
        case let .litigation(caseNumber, court, filed, cause, role, counterparty, amount):
            return .object([("case_no", .string(caseNumber)), ("court", .optional(court)), ("filed", .optional(filed?.iso)),
                            ("cause", .string(cause)), ("role", .optional(role?.rawValue)),
                            ("counterparty", .optional(counterparty)), ("amount", .optional(amount))])
        case let .product(name, promisedYield, guaranteed, channel, investors, raised):
            return .object([("product", .string(name)), ("promised_yield", .optional(promisedYield)),
                            ("guaranteed", guaranteed.map { .bool($0) } ?? .null), ("channel", .optional(channel?.rawValue)),
                            ("investors", .optional(investors)), ("raised", .optional(raised))])
        case let .news(id, title, source, date):
            return .object([("id", .string(id)), ("title", .string(title)), ("source", .optional(source)), ("date", .optional(date?.iso))])
        case let .compliance(kind, date, reason, authority, removed, amount):
            return .object([("kind", .string(kind.rawValue)), ("date", .string(date.iso)), ("reason", .optional(reason)),
                            ("authority", .optional(authority)), ("removed", .optional(removed?.iso))]
                           + (amount.map { [("amount", JSONValue.double($0))] } ?? []))
        case let .licence(kind, granted, revoked):
            return .object([("licence", .string(kind.rawValue)), ("granted", .optional(granted?.iso)), ("revoked", .optional(revoked?.iso))])
        case let .company(field, value):
            return .object([("field", .string(field)), ("value", .string(value))])
        case let .chain(links):
            return .object([("chain", .array(links.map(chainLink))), ("text", .string(ChainChart.text(links)))])
        }
    }

    static func chainLink(_ link: ChainLink) -> JSONValue {
        .object([("from", .string(link.from)), ("from_name", .string(link.fromName)), ("relation", .string(link.relation)),
                 ("detail", .string(link.detail)), ("to", .string(link.to)), ("to_name", .string(link.toName)),
                 ("current", .bool(link.current))])
    }

    static func registry(_ facts: RegistryFacts) -> JSONValue {
        .object((facts.formerNames.isEmpty ? [] : [("former_names", .array(facts.formerNames.map(JSONValue.string)))]) + [
            ("status", .optional(facts.status?.rawValue)), ("established", .optional(facts.established?.iso)),
            ("reg_capital", .optional(facts.regCapital)), ("paid_capital", .optional(facts.paidCapital)),
            ("ent_type", .optional(facts.entType)), ("industry", .optional(facts.industry)),
            ("legal_rep", .optional(facts.legalRepresentative)), ("address", .optional(facts.address)),
            ("phone", .optional(facts.phone)), ("scope", .optional(facts.scope)), ("parent_code", .optional(facts.parentCode)),
            ("parent_name", .optional(facts.parentName)), ("branch", .bool(facts.isBranch)),
            ("former_legal_reps", .array(facts.formerLegalRepresentatives.map {
                .object([("name", .string($0.name)), ("since", .optional($0.since?.iso)), ("until", .optional($0.until?.iso))])
            })),
            ("licences", .array(facts.licences.map {
                .object([("licence", .string($0.kind.rawValue)), ("authority", .optional($0.authority)),
                         ("granted", .optional($0.granted?.iso)), ("revoked", .optional($0.revoked?.iso))])
            })),
        ])
    }

    static func owners(_ ownership: OwnershipReport, company: ReportCompany) -> JSONValue {
        .object([
            ("company", .object([("id", .string(company.creditCode)), ("name", .string(company.name))])),
            ("owners", .array(ownership.rankedOwners.map { owner in
                .object([("id", .string(owner.id)), ("name", .string(owner.name)), ("kind", .string(owner.kind.rawValue)),
                         ("integrated_pct", .double(rounded(owner.integratedPct))), ("direct_pct", .optional(owner.directPct.map(rounded))),
                         // A direct link of unknown percentage is `direct` with a null `direct_pct`.
                         ("direct", .bool(owner.directPct != nil || owner.directUnknown)),
                         ] + (owner.upperPct.map { [("upper_pct", JSONValue.double(rounded($0)))] } ?? []) + [
                         ("paths", .array(owner.paths.map { .array($0.map { .string($0) }) }))])
            })),
            ("edges", .array(ownership.edges.sorted().map { .object([("holder", .string($0.holder)), ("company", .string($0.company)), ("pct", .optional($0.pct.map(rounded)))]) })),
            ("beneficial_owners", .array(ownership.beneficialOwners.map { .object([("id", .string($0.id)), ("name", .string($0.name)), ("basis", .string($0.basis))]) })),
            ("actual_controller", ownership.actualController.map { .object([("id", .string($0.id)), ("name", .string($0.name)), ("reason", .string($0.reason))]) } ?? .null),
            ("notes", .array(ownership.notes.map { .string($0) })),
        ])
    }

    static func via(_ via: LinkVia?) -> JSONValue {
        guard let via else { return .null }
        return .object([("relation", .string(via.relation)), ("detail", .string(via.detail)), ("from", .string(via.from)),
                        ("inbound", .bool(via.inbound))])
    }

    static func links(_ links: LinkNeighbourhood) -> JSONValue {
        .object([
            ("center", .string(links.center)),
            ("nodes", .array(links.orderedNodes.map { node in
                .object([("id", .string(node.id)), ("name", .string(node.name)), ("kind", .string(node.kind.rawValue)),
                         ("distance", .int(node.distance)), ("via", via(node.via)), ("level", .optional(node.level?.rawValue)),
                         ("region_code", .optional(node.regionCode))])
            })),
            ("truncated_hubs", .array(links.truncatedHubs.sorted { $0.id < $1.id }.map { hub in
                .object([("id", .string(hub.id)), ("name", .string(hub.name)), ("kind", .string(hub.kind.rawValue)),
                         ("degree", .int(hub.degree)), ("via", via(hub.via))])
            })),
        ])
    }

    static func unmatched(_ entry: ReportUnmatchedEntry) -> JSONValue {
        .object([
            ("row", .int(entry.row)), ("query", .string(entry.query)),
            ("reason", .string(entry.codeNameMismatch ? "code_name_mismatch" : entry.badCreditCode ? "bad_credit_code" : entry.duplicateOf != nil ? "duplicate"
                               : entry.established != nil ? "not_established"
                               : entry.ambiguous ? "ambiguous" : "not_found")),
        ] + (entry.duplicateOf.map { [("duplicate_of", .int($0))] } ?? [])
          + (entry.established.map { [("established", .string($0.iso))] } ?? [])
          + (entry.note.map { [("note", .string($0))] } ?? []) + [
            ("candidates", .array(entry.candidates.map { .object([("credit_code", .string($0.creditCode)), ("name", .string($0.name)), ("region_code", .string($0.regionCode))]) })),
            ("input", .object(entry.input.map { ($0.name, .string($0.value)) })),
        ])
    }

    static func linked(_ warning: ReportLinkedWarning, remote: Bool, viaName: String?) -> JSONValue {
        .object([
            ("credit_code", .string(warning.creditCode)), ("name", .string(warning.name)),
            ("region_code", .string(warning.regionCode)), ("remote", .bool(remote)),
            ("score", .double(rounded(warning.score))), ("level", .string(warning.level.rawValue)),
            ("via", .string(warning.via)), ("chain", .array(warning.chain.map(chainLink))),
            ("chain_text", .string(ChainChart.text(warning.chain, start: warning.chainStart(viaName: viaName)))),
            ("registry", warning.registry.map(registry) ?? .null), ("disposition", .string(warning.disposition)),
        ] + (warning.dispositionRule.map { [("disposition_rule", .string($0.indicator))] } ?? [])
          + (warning.highOnItsOwn ? [("high_on_its_own", .bool(true))] : [])
          + (warning.viaIsSource ? [] : [("via_is_source", .bool(false))])
          + (warning.dimensions.map { dims in
              [("dimensions", .object(RiskDimension.allCases.map { ($0.rawValue, .double(rounded(dims[$0]))) }))]
          } ?? [])
          + [("reasons", .array(warning.rankedReasons.map(reason)))])
    }

    static func appendix(_ appendix: ReportModelAppendix) -> JSONValue {
        .object([
            ("description", .string(appendix.description)),
            ("dimension_weights", .object(appendix.dimensionWeights.map { ($0.dimension.rawValue, .double($0.weight)) })),
            ("level_bands", .array(appendix.levelBands.map { .object([("level", .string($0.level.rawValue)), ("min_score", .double($0.minScore)), ("disposition", .string($0.disposition))]) })),
        ] + (appendix.dispositionRules.isEmpty ? [] : [
            ("disposition_rules", .array(appendix.dispositionRules.map { spec in
                .object([("when", .string(spec.rule.indicator)), ("levels", .array(spec.levels.map { .string($0.rawValue) })),
                         ("disposition", .string(spec.disposition))])
            })),
        ]) + [
            ("indicators", .array(appendix.orderedIndicators.map { indicator in
                .object([("id", .string(indicator.id)), ("dimension", .string(indicator.dimension.rawValue)),
                         ("description_zh", .string(indicator.descriptionZh)), ("description_en", .string(indicator.descriptionEn)),
                         ("feature", .string(indicator.feature)), ("scoring", .string(indicator.scoring))])
            })),
            ("method_notes", .array(appendix.methodNotes.map { .string($0) })),
        ])
    }
}
