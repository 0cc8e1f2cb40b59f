import Foundation
import RiskDomain

/// Reads Beneficial Ownership Data Standard (BODS) 0.4 JSON: an array of entity, person
/// and relationship statements. Pure: bytes in, records out.
///
/// Mapping:
/// - Statements with the same record key (below) are one record; the latest (by
///   `statementDate`, then file order) wins. A relationship's `subject` and `interestedParty`
///   name records of its own publisher. A `closed` relationship becomes a former holding (`until` =
///   its statement date).
/// - An entity with an identifier that is a valid credit code keeps it. An entity with an
///   identifier that claims to be one (scheme `CN-USCC`, or 18 letters and digits) and fails
///   the check is left out with its relationships, with a warning (and in
///   ``BODSRecords/invalidCreditCodes``): never a made-up company. Other entities
///   that are held by someone (the subject of a relationship) become company rows with a
///   synthetic credit code: `99` + region `000000` + nine characters of a hash of the
///   record key + the check character; their `ent_type` keeps `BODS <entityType> <recordId>
///   <scheme>:<id>…`. Region `000000` marks them as outside the Chinese registry. Entities
///   that only hold become outside parties: holder id = the record key, no company row.
/// - Persons get the record key as id and their legal (else first) full name.
/// - A record key is `bods:<publisher tag>:<recordId>`, the tag eight hex digits hashed from
///   the statement's `publicationDetails.publisher` (its `name`, else `url`/`uri`), or
///   `bods:<recordId>` when the statement names no publisher: record ids are unique only
///   within one publication, so two publishers' record `1` are two records, while a
///   publisher's files keep their ids when imported again.
/// - A relationship's direct `shareholding` (else `votingRights`) interest gives a
///   shareholding with `exact`, or the midpoint of a range (a warning says so). A
///   relationship with only interests of unknown type (the links inside a declared
///   indirect chain) gives a shareholding of unknown percentage. Board interests of a person
///   (`boardMember`, `boardChair`, `seniorManagingOfficial`) give officers; other control
///   interests (`otherInfluenceOrControl`, trusts, nominees) give a holding of unknown
///   percentage with a warning. Indirect interests are not edges and are not stored: each
///   gives a warning, and they are returned in ``BODSRecords/declaredIndirect`` for tests
///   that check the computed shares against them.
public enum BODSReader {
    /// Errors of a file that is not BODS JSON.
    public struct ReadError: Error, Equatable, CustomStringConvertible {
        public var source: String
        public var reason: String
        /// 1-based line and column (in characters) of a JSON syntax error, when known.
        public var line: Int? = nil
        public var column: Int? = nil
        public var description: String {
            let place = line.map { line in ":\(line)" + (column.map { ":\($0)" } ?? "") } ?? ""
            return "\(source)\(place): not a BODS 0.4 statement array: \(reason)"
        }
    }

    /// Reads `data` (the file named `sourceName` in messages).
    public static func read(data: Data, sourceName: String) throws -> BODSRecords {
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data) } catch {
            throw syntaxError(error, data: data, sourceName: sourceName)
        }
        guard let array = json as? [Any] else { throw ReadError(source: sourceName, reason: "the top level is not an array") }
        var records = BODSRecords()
        // Keyed by record key (publisher tag and record id): two publishers' record `1` in
        // one file are two records (keyed by the bare id, the second replaced the first).
        var latest: [String: (index: Int, date: String, publisher: String, statement: [String: Any])] = [:]
        for (index, element) in array.enumerated() {
            guard let statement = element as? [String: Any] else {
                throw ReadError(source: sourceName, reason: "element \(index) is not an object")
            }
            guard let recordID = statement["recordId"] as? String, statement["recordType"] is String else {
                // BODS 0.1–0.3 (the UK register's bulk data, the Open Ownership Register) names
                // its statements `statementID` / `statementType`: say which version it is.
                if statement["statementID"] != nil || statement["statementType"] != nil {
                    throw ReadError(source: sourceName, reason: "statement \(index) is BODS 0.1–0.3 (statementID, statementType); only BODS 0.4 (recordId, recordType) is read")
                }
                throw ReadError(source: sourceName, reason: "statement \(index) has no recordId or recordType (BODS 0.4 needed)")
            }
            guard statement["recordDetails"] is [String: Any] else {
                records.warnings.append("statement \(index) (\(statement["recordType"] as? String ?? "") \(recordID)): recordDetails is not an object; statement skipped")
                continue
            }
            // A statement of another record type (a later BODS version's, a typo) is not
            // guessed at; it was dropped without a word.
            if let type = statement["recordType"] as? String, !["entity", "person", "relationship"].contains(type) {
                records.warnings.append("statement \(index) (\(type) \(recordID)): unknown recordType (not entity, person or relationship); statement skipped")
                continue
            }
            let date = statement["statementDate"] as? String ?? ""
            let publisher = publisher(of: statement)
            let key = recordKey(recordID: recordID, publisher: publisher)
            if let previous = latest[key], previous.date > date { continue }
            latest[key] = (index, date, publisher, statement)
        }
        let statements = latest.map { (key: $0.key, index: $0.value.index, publisher: $0.value.publisher, statement: $0.value.statement) }
            .sorted { $0.index < $1.index }
        func details(_ s: [String: Any]) -> [String: Any] { s["recordDetails"] as? [String: Any] ?? [:] }
        /// The record key of a reference (`subject`, `interestedParty`) in a statement of
        /// `publisher`: record ids name records of the same publication.
        func reference(_ value: Any?, publisher: String) -> String? {
            (value as? String).map { recordKey(recordID: $0, publisher: publisher) }
        }

        // Which entities are held by someone.
        var held: Set<String> = []
        for item in statements where item.statement["recordType"] as? String == "relationship" {
            if let subject = reference(details(item.statement)["subject"], publisher: item.publisher) { held.insert(subject) }
        }
        // Record key → the id in the records, name and kind.
        var ids: [String: String] = [:]
        var entityNames: [String: String] = [:]
        var kinds: [String: HolderType] = [:]
        /// Record key → the index of its entity statement, left out for a wrong credit code.
        var leftOut: [String: Int] = [:]
        func identify(_ item: (key: String, index: Int, publisher: String, statement: [String: Any]), as id: String) {
            ids[item.key] = id
            let recordID = item.statement["recordId"] as? String ?? "?"
            if records.identifiers[recordID] == nil { records.identifiers[recordID] = id }
            if records.recordIDs[id] == nil { records.recordIDs[id] = recordID }
        }
        for item in statements {
            let s = item.statement, d = details(s), key = item.key
            guard let recordID = s["recordId"] as? String else { continue }
            switch s["recordType"] as? String {
            case "entity":
                let name = (d["name"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? "BODS entity \(recordID)"
                entityNames[key] = name
                kinds[key] = .company
                let identifiers = (d["identifiers"] as? [[String: Any]]) ?? []
                // An identifier that says it is a credit code (scheme CN-USCC, or 18 letters
                // and digits under a Chinese scheme `CN-…` or none) but fails the check: the
                // entity is left out, with its relationships. It became a synthetic company
                // that took the holdings, unsaid. Another country's 18-character number is
                // not a credit code and is no reason to leave its entity out.
                var code: CreditCode?, wrong: String?
                for identifier in identifiers {
                    guard let text = (identifier["id"] as? String)?.trimmingCharacters(in: .whitespaces) else { continue }
                    let scheme = identifier["scheme"] as? String ?? ""
                    // A Chinese scheme (`CN-…`), or none at all; a scheme given only by its
                    // name counts when the name says it is China's.
                    let schemeName = (identifier["schemeName"] as? String ?? "").lowercased()
                    let chinese = scheme.uppercased().hasPrefix("CN-")
                        || (scheme.isEmpty && (schemeName.isEmpty || ["china", "chinese", "uscc", "credit code", "信用代码"].contains { schemeName.contains($0) }))
                    do {
                        let valid = try CreditCode(validating: text)
                        // Another country's 18-character number that happens to pass the
                        // check (one in 31 do) is no credit code: it made a registry company
                        // with a made-up region (found by review).
                        if code == nil, chinese { code = valid }
                    } catch {
                        if wrong == nil, scheme.uppercased() == "CN-USCC" || (chinese && CreditCode.hasCodeShape(text)) {
                            wrong = "statement \(item.index) (entity \(recordID)): identifier \(scheme.isEmpty ? "" : scheme + " ")\"\(text)\" is not a valid credit code: \(error)"
                        }
                    }
                }
                if let wrong {
                    records.invalidCreditCodes.append(wrong)
                    records.warnings.append(wrong + "; the entity and its relationships are not imported")
                    leftOut[key] = item.index
                    continue
                }
                if let code {
                    identify(item, as: code.rawValue)
                    records.companies.append(Company(creditCode: code, name: name))
                } else if held.contains(key), let code = syntheticCreditCode(recordKey: key) {
                    identify(item, as: code.rawValue)
                    let type = ((d["entityType"] as? [String: Any])?["type"] as? String) ?? "entity"
                    let schemeIDs = identifiers.map { "\($0["scheme"] as? String ?? $0["schemeName"] as? String ?? "?"):\($0["id"] as? String ?? "?")" }
                    records.companies.append(Company(creditCode: code, name: name,
                                                     entType: (["BODS", type, recordID] + schemeIDs).joined(separator: " "),
                                                     regionCode: "000000"))
                } else {
                    identify(item, as: key)
                }
            case "person":
                let names = (d["names"] as? [[String: Any]]) ?? []
                let legal = names.first { $0["type"] as? String == "legal" } ?? names.first
                var name = (legal?["fullName"] as? String) ?? "BODS person \(recordID)"
                // An unknown or anonymous person read as a named owner ("BODS person x1") and
                // could be named actual controller (found by review): the name says so.
                if let type = d["personType"] as? String, type == "unknownPerson" || type == "anonymousPerson", legal?["fullName"] == nil {
                    let reason = (d["unspecifiedPersonDetails"] as? [String: Any])?["reason"] as? String
                    name = (type == "anonymousPerson" ? "匿名自然人" : "身份不明的自然人") + "（BODS \(recordID)" + (reason.map { "，\($0)" } ?? "") + "）"
                }
                identify(item, as: key)
                records.persons.append(Person(personID: key, name: name))
                entityNames[key] = name
                kinds[key] = .person
            default: continue
            }
        }

        /// A relationship statement read: who holds which company, and its interests.
        struct Relationship {
            var place: String
            var recordID: String, publisher: String
            var company: CreditCode
            var holderID: String, holderName: String, holderType: HolderType
            /// The statement date of a closed relationship (the end of every interest without one).
            var until: LocalDate?
            var closed: Bool
            var statementDate: LocalDate?
            var direct: [[String: Any]], indirect: [[String: Any]]
            var pairKey: String { company.rawValue + "\u{1F}" + holderID }
        }
        var relationships: [Relationship] = []
        for item in statements where item.statement["recordType"] as? String == "relationship" {
            let s = item.statement, d = details(s)
            let recordID = s["recordId"] as? String ?? "?"
            let place = "statement \(item.index) (relationship \(recordID))"
            var refersToLeftOut = false
            for (role, value) in [("subject", d["subject"]), ("interested party", d["interestedParty"])] where !refersToLeftOut {
                guard let id = value as? String, let key = reference(id, publisher: item.publisher), let index = leftOut[key] else { continue }
                records.warnings.append("\(place): \(role) \(id) has a wrong credit code (statement \(index)); skipped")
                refersToLeftOut = true
            }
            if refersToLeftOut { continue }
            guard let subject = reference(d["subject"], publisher: item.publisher), let subjectID = ids[subject],
                  let company = try? CreditCode(validating: subjectID) else {
                records.warnings.append("\(place): subject is not a known entity; skipped")
                continue
            }
            let holderID: String, holderName: String, holderType: HolderType
            if let party = reference(d["interestedParty"], publisher: item.publisher), let id = ids[party], let type = kinds[party] {
                (holderID, holderName, holderType) = (id, entityNames[party] ?? id, type)
            } else if let unspecified = d["interestedParty"] as? [String: Any] {
                // An interested party the publisher does not name (unknown, exempt from
                // disclosure): its share was dropped, and `owners` said nothing of, say, 70%
                // held by someone undisclosed (found by review). It becomes an outside party
                // of that relationship.
                let reason = (unspecified["reason"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
                (holderID, holderName, holderType) = (recordKey(recordID: recordID + "#interestedParty", publisher: item.publisher),
                                                      "未披露的权益人（BODS \(recordID)，\(reason)）", .company)
                records.warnings.append("\(place): interested party unspecified (\(reason)); recorded as an undisclosed party (\(holderName))")
            } else {
                records.warnings.append("\(place): interested party unknown; skipped")
                continue
            }
            var interests: [[String: Any]] = []
            switch d["interests"] {
            case nil: break
            case let list as [Any]:
                for (number, element) in list.enumerated() {
                    if let interest = element as? [String: Any] { interests.append(interest) } else {
                        records.warnings.append("\(place): interest \(number) is not an object; skipped")
                    }
                }
            default:
                records.warnings.append("\(place): interests is not an array; no interest read")
            }
            let closed = s["recordStatus"] as? String == "closed"
            let isIndirect = { (interest: [String: Any]) in interest["directOrIndirect"] as? String == "indirect" }
            relationships.append(Relationship(place: place, recordID: recordID, publisher: item.publisher, company: company, holderID: holderID, holderName: holderName, holderType: holderType,
                                              until: closed ? date(s["statementDate"]) : nil, closed: closed,
                                              statementDate: date(s["statementDate"]),
                                              direct: interests.filter { !isIndirect($0) }, indirect: interests.filter(isIndirect)))
        }

        /// The share of `interest`: exact, or a range's bounds and midpoint.
        func share(_ interest: [String: Any], place: String, quiet: Bool = false) -> (pct: Double?, min: Double?, max: Double?) {
            guard let value = interest["share"] else { return (nil, nil, nil) }
            guard let share = value as? [String: Any] else {
                if !quiet { records.warnings.append("\(place): share is not an object; recorded as unknown") }
                return (nil, nil, nil)
            }
            /// A number of `share`, nil (with a warning) when it is there but no number.
            func number(_ key: String) -> Double? {
                guard let value = share[key] else { return nil }
                if let number = BODSReader.number(value) { return number }
                if quiet { return nil }
                let text = (value as? String).map { "\"\($0)\"" } ?? BODSReader.isBoolean(value).map { String($0) } ?? "\(type(of: value))"
                records.warnings.append("\(place): share \(key) \(text) is not a number; ignored")
                return nil
            }
            if let exact = number("exact") { return (exact, exact, exact) }
            let low = number("minimum") ?? number("exclusiveMinimum")
            let high = number("maximum") ?? number("exclusiveMaximum")
            switch (low, high) {
            case let (l?, h?): return (l <= h ? (l + h) / 2 : nil, l, h)
            case let (l?, nil): return (nil, l, nil)
            case let (nil, h?): return (nil, nil, h)
            default: return (nil, nil, nil)
            }
        }
        /// A shareholding row for `interest` of `r`: exact share, or a range's midpoint; a
        /// one-sided or inverted range, or a share outside 0–100, as unknown (warnings say which).
        func appendStake(_ interest: [String: Any], of r: Relationship, note: String? = nil) {
            var (pct, low, high) = share(interest, place: r.place)
            if low != high {
                let text = { (value: Double) in JSONValue.format(value) }
                switch (low, high) {
                case let (l?, h?) where l > h:
                    records.warnings.append("\(r.place): share range \(text(l))–\(text(h))% has its minimum above its maximum; recorded as unknown")
                case let (l?, h?):
                    records.warnings.append("\(r.place): share range \(text(l))–\(text(h))% recorded as its midpoint \(pct.map(text) ?? "?")%")
                case let (l?, nil):
                    records.warnings.append("\(r.place): share range of at least \(text(l))% (no maximum) recorded as unknown")
                case let (nil, h?):
                    records.warnings.append("\(r.place): share range of at most \(text(h))% (no minimum) recorded as unknown")
                default: break
                }
            }
            // A share outside 0–100 is no share: unknown, with a warning (it was clamped
            // to the nearest bound without one).
            if let value = pct, !(value.isFinite && (0...100).contains(value)) {
                records.warnings.append("\(r.place): share \(value)% is outside 0–100, recorded as unknown")
                (pct, low, high) = (nil, nil, nil)
            }
            if let note { records.warnings.append("\(r.place): " + note) }
            records.shareholdings.append(Shareholding(company: r.company, holderID: r.holderID, holderName: r.holderName,
                                                      holderType: r.holderType, pct: pct,
                                                      since: date(interest["startDate"]), until: date(interest["endDate"]) ?? r.until))
        }
        /// The share of `interest` as text for a warning: `30%`, `25–50%` or `share not given`.
        func declared(_ interest: [String: Any], place: String) -> String {
            let (_, low, high) = share(interest, place: place, quiet: true)
            if low == high, let low { return JSONValue.format(low) + "%" }
            if low == nil, high == nil { return "share not given" }
            return "\(low.map { JSONValue.format($0) } ?? "?")–\(high.map { JSONValue.format($0) } ?? "?")%"
        }

        // Holder → the companies it holds directly in this file: whether the graph can compute
        // a declared indirect interest from the direct links.
        var holds: [String: Set<String>] = [:]
        for r in relationships where !r.direct.isEmpty { holds[r.holderID, default: []].insert(r.company.rawValue) }
        /// Whether a path from `from` to `to` passes an intermediate entity: the holder's own
        /// direct stake is no route for its indirect interest (a 10% direct holder's declared
        /// 40% indirect was dropped as computable; found by review).
        func throughIntermediate(_ from: String, _ to: String) -> Bool {
            (holds[from] ?? []).contains { $0 != to && reaches($0, to) }
        }
        func reaches(_ from: String, _ to: String) -> Bool {
            var seen: Set<String> = [from], queue = [from]
            while let next = queue.popLast() {
                for held in holds[next] ?? [] where seen.insert(held).inserted {
                    if held == to { return true }
                    queue.append(held)
                }
            }
            return false
        }
        // (company, holder) pairs with a shareholding interest anywhere in the file: their
        // voting rights, in the same relationship or another, are not a second stake (a 40%
        // shareholding and 60% of the votes read as 100%; found by review).
        var sharePairs: Set<String> = [], pairShares: [String: Set<String>] = [:]
        for r in relationships {
            for interest in r.direct where interest["type"] as? String == "shareholding" {
                sharePairs.insert(r.pairKey)
                pairShares[r.pairKey, default: []].insert(declared(interest, place: r.place))
            }
        }
        var pairsSeen: Set<String> = []
        let boardRoles: [String: OfficerRole] = ["boardMember": .director, "boardChair": .chairman, "seniorManagingOfficial": .manager]
        for r in relationships {
            // A relationship that names its interested party now replaces the undisclosed party
            // it had (`…#interestedParty`): that pair's stake is ended too (it stayed beside the
            // named holder's, 170%; found by review).
            if !r.holderID.hasSuffix("#interestedParty") {
                let undisclosed = recordKey(recordID: r.recordID + "#interestedParty", publisher: r.publisher)
                if pairsSeen.insert(r.company.rawValue + "\u{1F}" + undisclosed).inserted {
                    records.relationshipPairs.append(BODSRelationshipPair(company: r.company.rawValue, holderID: undisclosed, statementDate: r.statementDate))
                }
            }
            if pairsSeen.insert(r.pairKey).inserted {
                records.relationshipPairs.append(BODSRelationshipPair(company: r.company.rawValue, holderID: r.holderID, statementDate: r.statementDate))
            } else if let index = records.relationshipPairs.firstIndex(where: { $0.company == r.company.rawValue && $0.holderID == r.holderID }),
                      let date = r.statementDate, (records.relationshipPairs[index].statementDate.map { date > $0 } ?? true) {
                records.relationshipPairs[index].statementDate = date
            }
            var madeEdge = false
            for interest in r.indirect {
                let (pct, low, high) = share(interest, place: r.place)
                let type = interest["type"] as? String ?? "unknown"
                records.declaredIndirect.append(DeclaredInterest(company: r.company.rawValue, holder: r.holderID, pct: low == high ? pct : low,
                                                                 minimum: low, maximum: high, type: type))
                if throughIntermediate(r.holderID, r.company.rawValue) {
                    records.notes.append("\(r.place): indirect \(type) interest (\(declared(interest, place: r.place))) not stored; the graph computes indirect shares from the direct links")
                } else if !["shareholding", "votingRights"].contains(type) {
                    records.warnings.append("\(r.place): indirect \(type) interest (\(declared(interest, place: r.place))) not stored (the graph holds shareholdings and offices)")
                } else if type == "votingRights" && sharePairs.contains(r.pairKey) {
                    records.warnings.append("\(r.place): indirect votingRights interest (\(declared(interest, place: r.place))) not stored beside the shareholding")
                } else {
                    // The file names no intermediate entity: the graph could not compute
                    // it, and the declared owner vanished ("beneficial owner 无法识别").
                    appendStake(interest, of: r, note: "indirect \(type) interest (\(declared(interest, place: r.place))) recorded as a holding: the file names no intermediate entity, so the graph cannot compute it from direct links")
                    madeEdge = true
                }
            }
            let shares = r.direct.filter { $0["type"] as? String == "shareholding" }
            let votes = r.direct.filter { $0["type"] as? String == "votingRights" }
            // Every shareholding interest is a row (a current 60% listed after an ended 20%
            // was lost); voting rights are the stake only where no shareholding is given.
            if sharePairs.contains(r.pairKey) {
                // Votes equal to a share the holder has (100% and 100%) need no word.
                for interest in votes where !(pairShares[r.pairKey] ?? []).contains(declared(interest, place: r.place)) {
                    records.warnings.append("\(r.place): votingRights interest (\(declared(interest, place: r.place))) not stored: the shareholding is the holder's stake (a holding has one percentage); check who commands the votes")
                }
                madeEdge = !votes.isEmpty
                for interest in shares { appendStake(interest, of: r); madeEdge = true }
            } else {
                for interest in votes { appendStake(interest, of: r); madeEdge = true }
            }
            for interest in r.direct {
                guard let type = interest["type"] as? String, let role = boardRoles[type] else { continue }
                if r.holderType == .person {
                    records.officers.append(Officer(company: r.company, personID: r.holderID, personName: r.holderName, role: role,
                                                    since: date(interest["startDate"]), until: date(interest["endDate"]) ?? r.until))
                    madeEdge = true
                }
            }
            if !madeEdge && !r.direct.isEmpty {
                let types = Set(r.direct.map { $0["type"] as? String ?? "unknown" })
                if types != ["unknown"] {
                    records.warnings.append("\(r.place): \(types.sorted().joined(separator: ", ")) recorded as a holding of unknown share")
                }
                records.shareholdings.append(Shareholding(company: r.company, holderID: r.holderID, holderName: r.holderName,
                                                          holderType: r.holderType, since: r.direct.compactMap { date($0["startDate"]) }.min(),
                                                          until: r.until))
            }
        }
        return records
    }

    /// The publisher a statement names: `publicationDetails.publisher.name`, else its `url`
    /// (`uri`), else "".
    static func publisher(of statement: [String: Any]) -> String {
        let publisher = (statement["publicationDetails"] as? [String: Any])?["publisher"] as? [String: Any]
        return ["name", "url", "uri"].lazy.compactMap { publisher?[$0] as? String }.first { !$0.isEmpty } ?? ""
    }

    /// The key of a BODS record: `bods:<recordId>` without a publisher, else
    /// `bods:<8 hex digits of the FNV-1a hash of the publisher>:<recordId>`.
    public static func recordKey(recordID: String, publisher: String) -> String {
        guard !publisher.isEmpty else { return "bods:" + recordID }
        let tag = String(fnv1a(publisher) >> 32, radix: 16)
        return "bods:" + String(repeating: "0", count: 8 - tag.count) + tag + ":" + recordID
    }

    /// 64-bit FNV-1a of the UTF-8 of `text`.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }

    /// The synthetic credit code of a BODS entity without one: `99000000` + nine alphabet
    /// characters from a 64-bit FNV-1a hash of its record key (``recordKey(recordID:publisher:)``)
    /// + the check character. Nil only if the alphabet or check rule were broken (never for a
    /// valid build).
    public static func syntheticCreditCode(recordID: String, publisher: String = "") -> CreditCode? {
        syntheticCreditCode(recordKey: recordKey(recordID: recordID, publisher: publisher))
    }

    static func syntheticCreditCode(recordKey: String) -> CreditCode? {
        var hash = fnv1a(recordKey)
        var body = "99000000"
        for _ in 0..<9 {
            body.append(CreditCode.alphabet[Int(hash % 31)])
            hash /= 31
        }
        guard let check = CreditCode.checkCharacter(for: body) else { return nil }
        return try? CreditCode(validating: body + String(check))
    }

    /// A JSON syntax error with its line and column. Foundation gives the place only in the
    /// text of its debug description ("Invalid value around character 11.", "… starting from
    /// character 4.", a byte offset; "Unexpected end of file …"), so the offset is read back
    /// from that text; without one the error names the file only.
    static func syntaxError(_ error: any Error, data: Data, sourceName: String) -> ReadError {
        let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
        var result = ReadError(source: sourceName, reason: "invalid JSON (\(detail))")
        var offset: Int?
        // The last "character N" ("Unescaped control character around character 2." names
        // two; the first gave no number and the place was lost), then "… at N.", then the
        // messages that name no place, found in the text (found by fuzzing).
        let digits = { (text: Substring) in Int(text.prefix { $0.isASCII && $0.isNumber }) }
        if let range = detail.range(of: "character ", options: .backwards), let value = digits(detail[range.upperBound...]) {
            offset = value
        } else if let range = detail.range(of: " at ", options: .backwards), let value = digits(detail[range.upperBound...]) {
            offset = value
        } else if detail.contains("low-surrogate") {
            // "Unexpected end of file during string parse (expected low-surrogate …)": a high
            // surrogate with no low one, not the end of the file (found by review).
            offset = Self.loneSurrogate(in: Array(data), high: true) ?? data.count
        } else if detail.hasPrefix("Unexpected end of file") {
            offset = data.count
        } else if detail.hasPrefix("Number "), let end = detail.range(of: " is not representable") {
            let number = Array(detail[detail.index(detail.startIndex, offsetBy: 7)..<end.lowerBound].utf8)
            offset = number.isEmpty ? nil : Self.firstOutsideStrings(number, in: Array(data))
        } else if detail.contains("no high character") {
            offset = Self.loneSurrogate(in: Array(data), high: false)
        }
        guard let offset, offset <= data.count else { return result }
        var line = 1, column = 1
        for byte in data.prefix(offset) {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        result.line = line
        result.column = column
        return result
    }

    /// The byte offset of the first lone surrogate escape: a `\uD800`–`\uDBFF` not followed
    /// by a low one's escape (`high`), or a `\uDC00`–`\uDFFF` that does not follow a high
    /// one's; nil when there is none.
    static func loneSurrogate(in bytes: [UInt8], high: Bool) -> Int? {
        func hexValue(at index: Int) -> Int? {
            guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { return nil }
            return Int(String(decoding: bytes[index + 2..<index + 6], as: UTF8.self), radix: 16)
        }
        let highs = 0xD800...0xDBFF, lows = 0xDC00...0xDFFF
        var index = 0
        var pendingHigh: Int? = nil   // offset of a high surrogate's escape awaiting its low one
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                if let value = hexValue(at: index) {
                    if lows.contains(value) {
                        if pendingHigh == nil, !high { return index }
                        pendingHigh = nil
                    } else {
                        if let pending = pendingHigh, high { return pending }
                        pendingHigh = highs.contains(value) ? index : nil
                    }
                    index += 6
                    continue
                }
                if let pending = pendingHigh, high { return pending }
                pendingHigh = nil
                index += 2
                continue
            }
            if let pending = pendingHigh, high { return pending }
            pendingHigh = nil
            index += 1
        }
        return high ? pendingHigh : nil
    }

    /// The byte offset of the first occurrence of `needle` outside JSON string literals.
    static func firstOutsideStrings(_ needle: [UInt8], in bytes: [UInt8]) -> Int? {
        var index = 0, inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 2; continue }
                if byte == UInt8(ascii: "\"") { inString = false }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\"") { inString = true; index += 1; continue }
            if bytes[index...].starts(with: needle) { return index }
            index += 1
        }
        return nil
    }

    /// A JSON number (or a string of one) as a Double; nil for anything else, booleans too
    /// (Foundation gives `true` as an NSNumber 1).
    static func number(_ value: Any?) -> Double? {
        if let value, isBoolean(value) != nil { return nil }
        if let value = value as? NSNumber { return value.doubleValue }
        if let value = value as? String { return Double(value) }
        return nil
    }

    /// The value of a JSON `true` or `false`; nil for any other value. Foundation reads both
    /// as NSNumber (type "c", a JSON number is never that), and `as? Bool` takes 0 and 1 too.
    static func isBoolean(_ value: Any) -> Bool? {
        guard let number = value as? NSNumber, String(cString: number.objCType) == "c" else { return nil }
        return number.boolValue
    }

    static func date(_ value: Any?) -> LocalDate? {
        guard let text = value as? String, text.count >= 10 else { return nil }
        return LocalDate(iso: String(text.prefix(10)))
    }
}
