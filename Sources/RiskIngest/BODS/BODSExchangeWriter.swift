import Foundation
import GRDB
import RiskDomain
import RiskStore

/// Writes what ``BODSReader`` read from a BODS 0.4 file as exchange-format CSV files
/// (`companies.csv`, `shareholdings.csv`, `officers.csv`), so that `riskbrain import`
/// takes BODS data through exactly the same validation, natural keys, idempotence and
/// provenance as the CSV exchange format.
///
/// The files go to a folder beside the database (`<database>.bods/<file name>/`), kept so
/// that a stored record's provenance (`src_file`, `src_line`) points at a file a person
/// can open. The output is deterministic: rows in the reader's order, RFC 4180 quoting.
public enum BODSExchangeWriter {
    /// The BODS files of one import converted.
    public struct Conversion: Sendable {
        /// The paths to import: the CSV files and folders as given, each BODS file replaced
        /// by the exchange-format files converted from it.
        public var paths: [String] = []
        /// What the conversions skipped or approximated, each line starting with its BODS file.
        public var warnings: [String] = []
        /// The folders this conversion created (none existed before it).
        public var createdFolders: [String] = []

        /// Removes the folders this conversion created: for an import that failed, which
        /// writes nothing. Folders of earlier imports stay (stored provenance points into them).
        public func discardCreatedFolders() {
            for folder in createdFolders.reversed() { try? FileManager.default.removeItem(atPath: folder) }
        }
    }

    /// `--strict`: a BODS entity with a wrong credit code aborts the import, nothing written.
    public struct StrictRejection: Error, Equatable, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason) (--strict: nothing was imported)" }
    }

    /// Whether `path` is read as a BODS file (it ends in `.json`).
    public static func isBODSFile(_ path: String) -> Bool { path.lowercased().hasSuffix(".json") }

    /// Converts the BODS files among `paths` (the paths of one import into `database`) into
    /// their folders beside the database (``folder(for:databasePath:)``).
    ///
    /// A BODS entity whose credit code the registry data already gives — a company stored
    /// by a CSV import, or one in a companies file among `paths` — is left out of the
    /// converted companies file, with a warning: a BODS statement knows less than the
    /// registry (no status, address, phone…), and its row would have blanked those fields.
    /// Its shareholdings and officers still refer to the code. A company stored by an
    /// earlier BODS conversion is no registry record: BODS may update it.
    public static func convertImport(paths: [String], database: RiskDatabase, options: ImportOptions = .init()) throws -> Conversion {
        var conversion = Conversion()
        let csvPaths = paths.filter { !isBODSFile($0) }
        // The credit codes of the companies files among `paths`, read only when a BODS
        // entity with a credit code asks.
        var csvCodes: [String: String]?
        func registrySource(of code: String) throws -> String? {
            if try storedByRegistry(code, in: database) { return "the database" }
            if csvCodes == nil { csvCodes = try companiesFileCodes(in: csvPaths, database: database, options: options) }
            return csvCodes?[code]
        }
        func create(_ folder: String) {
            if !FileManager.default.fileExists(atPath: folder) { conversion.createdFolders.append(folder) }
        }
        create(database.path + ".bods")
        do {
            for path in paths {
                guard isBODSFile(path) else { conversion.paths.append(path); continue }
                let folder = folder(for: path, databasePath: database.path)
                create(folder)
                let converted = try convert(bodsFile: path, into: folder, strict: options.strict, registrySource: registrySource,
                                            storedLinks: { try storedLinks(company: $0, holder: $1, in: database) })
                conversion.paths += converted.files
                conversion.warnings += converted.warnings.map { "\(path): \($0)" }
            }
        } catch {
            conversion.discardCreatedFolders()
            throw error
        }
        return conversion
    }

    /// Whether `code` is stored from a file other than a BODS conversion.
    static func storedByRegistry(_ code: String, in database: RiskDatabase) throws -> Bool {
        let source = try database.writer.read { db in
            try String.fetchOne(db, sql: "SELECT src_file FROM company WHERE credit_code = ?", arguments: [code])
        }
        guard let source else { return false }
        return !source.contains(".bods/")
    }

    /// A current stake or office an earlier BODS import stored for one (company, holder) pair.
    public struct StoredLink: Sendable, Equatable {
        /// `shareholding` fields (`role` nil) or `officer` fields (`pct` nil).
        public var holderName: String, holderType: String, pct: Double?, role: String?, since: String?
        /// Set for a former stake or office.
        public var until: String? = nil
        public init(holderName: String, holderType: String, pct: Double?, role: String?, since: String?, until: String? = nil) {
            (self.holderName, self.holderType, self.pct, self.role, self.since, self.until) = (holderName, holderType, pct, role, since, until)
        }
    }

    /// The shareholdings and offices, current and former, of `holder` in `company` that a BODS
    /// conversion stored (their source file lies in a `.bods/` folder), in key order.
    static func storedLinks(company: String, holder: String, in database: RiskDatabase) throws -> [StoredLink] {
        try database.writer.read { db in
            let holdings = try Row.fetchAll(db, sql: """
                SELECT holder_name, holder_type, pct, since, until FROM shareholding
                WHERE company = ? AND holder_id = ? AND instr(src_file, '.bods/') > 0
                ORDER BY since, occurrence
                """, arguments: [company, holder]).map {
                StoredLink(holderName: $0[0], holderType: $0[1], pct: $0[2], role: nil, since: $0[3], until: $0[4])
            }
            let offices = try Row.fetchAll(db, sql: """
                SELECT person_name, role, since, until FROM officer
                WHERE company = ? AND person_id = ? AND instr(src_file, '.bods/') > 0
                ORDER BY role, since, occurrence
                """, arguments: [company, holder]).map {
                StoredLink(holderName: $0[0], holderType: "person", pct: nil, role: $0[1], since: $0[2], until: $0[3])
            }
            return holdings + offices
        }
    }

    /// Credit code → the companies file (among `paths`, folders looked into) that gives it.
    static func companiesFileCodes(in paths: [String], database: RiskDatabase, options: ImportOptions) throws -> [String: String] {
        var ignored: [String] = []
        var codes: [String: String] = [:]
        for (file, kind) in try Importer(database: database, options: options).resolve(paths: paths, warnings: &ignored)
        where kind == .companies {
            let reader = CSVReader(stream: try DecodedByteStream(source: try FileByteSource(path: file), choice: options.encoding))
            guard try reader.next() else { continue }
            let layout = RecordLayout.layout(for: .companies)
            guard let column = (0..<reader.fieldCount).first(where: { layout.columnIndex(forHeader: reader.text($0) ?? "") == 0 })
            else { continue }
            while try reader.next() {
                if let code = reader.text(column)?.uppercased(), code.count == 18, codes[code] == nil { codes[code] = file }
            }
        }
        return codes
    }

    /// Reads the BODS file at `path` and writes its exchange-format files into `folder`
    /// (created; previous files of the same names replaced). Returns the written file paths
    /// and the reader's warnings. An entity whose credit code `registrySource` names a source
    /// of (a registry record already stored or imported) is left out of the companies file
    /// with a warning; its links still refer to the code. Under `strict` an entity with a
    /// wrong credit code throws ``StrictRejection`` before anything is written.
    ///
    /// The file is the publisher's current word on every (company, interested party) pair
    /// its relationships name: a current stake or office an earlier BODS import stored for
    /// such a pair (`storedLinks`) that the file no longer gives — a stake replaced by one of
    /// another start date, a relationship closed with no interests — is ended (a row with the
    /// same key and an `until`: the statement's date, or the start of the stake that replaced
    /// it). Before, each update of a relationship with a new start date was a second current
    /// stake beside the first, and the stakes added up (140% and 210% in the standard's
    /// `tecido` example imported package by package; found by review).
    public static func convert(bodsFile path: String, into folder: String, strict: Bool = false,
                               registrySource: (String) throws -> String? = { _ in nil },
                               storedLinks: (String, String) throws -> [StoredLink] = { _, _ in [] }) throws -> (files: [String], warnings: [String]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportError.cannotRead(path: path, reason: "no such file or not readable")
        }
        // A BODSReader.ReadError already names the file (and the line and column of a syntax error).
        var records = try BODSReader.read(data: data, sourceName: path)
        if strict, let wrong = records.invalidCreditCodes.first { throw StrictRejection(path: path, reason: wrong) }
        try endReplacedLinks(&records, storedLinks: storedLinks)
        // `--strict` takes nothing skipped or approximated: it imported a file whose statements
        // were skipped and whose shares were dropped (found by review). Notes lose nothing (an
        // indirect share the graph computes, a stake the file ends) and do not stop it.
        if strict, let first = records.warnings.first { throw StrictRejection(path: path, reason: first) }
        // A file left empty by wrong credit codes says so (not only "nothing to import"), and
        // by skipped statements too: their warnings were lost with the error.
        let leftOut = records.invalidCreditCodes.first.map { " (left out: \($0))" }
            ?? (records.warnings.isEmpty ? "" : " (" + records.warnings.prefix(3).joined(separator: "; ") + (records.warnings.count > 3 ? "; …" : "") + ")")
        records.companies = try records.companies.filter { company in
            guard let source = try registrySource(company.creditCode.rawValue) else { return true }
            let recordID = records.recordIDs[company.creditCode.rawValue] ?? "?"
            records.warnings.append("entity \(recordID): credit code \(company.creditCode.rawValue) is already in the registry data (\(source)); the registry record was kept (the BODS name \"\(company.name)\" is not imported), the BODS links refer to it")
            return false
        }
        if records.companies.isEmpty && records.shareholdings.isEmpty && records.officers.isEmpty {
            throw ImportError.cannotRead(path: path, reason: "the BODS file holds no company, shareholding or officer to import" + leftOut)
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ImportError.cannotRead(path: folder, reason: "cannot create the conversion folder: \(error.localizedDescription)")
        }
        // A file an earlier conversion wrote and this one does not (its kind is now empty)
        // must not be imported with the new ones.
        for name in ["companies.csv", "shareholdings.csv", "officers.csv"] {
            try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
        }
        var files: [String] = []
        func write(_ name: String, _ header: [String], _ rows: [[String]]) throws {
            guard !rows.isEmpty else { return }
            var text = csvLine(header)
            for row in rows { text += csvLine(row) }
            let file = (folder as NSString).appendingPathComponent(name)
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: file)) } catch {
                throw ImportError.cannotRead(path: file, reason: "cannot write: \(error.localizedDescription)")
            }
            files.append(file)
        }
        try write("companies.csv", ["credit_code", "name", "ent_type", "region_code"], records.companies.map { company in
            [company.creditCode.rawValue, company.name, company.entType ?? "", company.regionCode]
        })
        try write("shareholdings.csv", ["company", "holder_id", "holder_name", "holder_type", "pct", "since", "until"],
                  records.shareholdings.map { holding in
            [holding.company.rawValue, holding.holderID, holding.holderName, holding.holderType.rawValue,
             holding.pct.map(formatPercent) ?? "", holding.since?.iso ?? "", holding.until?.iso ?? ""]
        })
        try write("officers.csv", ["company", "person_id", "person_name", "role", "since", "until"], records.officers.map { officer in
            [officer.company.rawValue, officer.personID, officer.personName, officer.role.rawValue,
             officer.since?.iso ?? "", officer.until?.iso ?? ""]
        })
        if files.isEmpty {
            throw ImportError.cannotRead(path: path, reason: "the BODS file holds no company, shareholding or officer to import" + leftOut)
        }
        return (files, records.warnings + records.notes)
    }

    /// Adds to `records` a closing row for every stored current link (``StoredLink``) of the
    /// file's relationship pairs that the file no longer gives: same key (company, holder,
    /// start date; role for an office), `until` the start of the pair's new current stake
    /// when later, else the pair's statement date. A link the file gives again with the same
    /// key is left to the import's update. With no date to end it at, the link stays, with a
    /// warning.
    ///
    /// A file older for a pair than what is stored — its latest date (statement, start or
    /// end) before the stored stakes' latest — is not the publisher's current word: its
    /// statements of that pair are not imported, with a warning. An earlier package imported
    /// after a later one reopened ended stakes and stacked them on current ones (Shear Trust
    /// 140%; found by review).
    /// - Complexity: O(rows + pairs) besides one stored-links read per pair: the file's rows
    ///   are grouped by pair once (a filter over every row per pair was quadratic in a large
    ///   file imported again).
    static func endReplacedLinks(_ records: inout BODSRecords, storedLinks: (String, String) throws -> [StoredLink]) throws {
        func key(_ company: String, _ holder: String) -> String { company + "\u{1F}" + holder }
        let holdingsByPair = Dictionary(grouping: records.shareholdings) { key($0.company.rawValue, $0.holderID) }
        let officesByPair = Dictionary(grouping: records.officers) { key($0.company.rawValue, $0.personID) }
        var dropped: Set<String> = []
        var closingHoldings: [Shareholding] = [], closingOffices: [Officer] = []
        for pair in records.relationshipPairs {
            let all = try storedLinks(pair.company, pair.holderID)
            guard !all.isEmpty, let company = try? CreditCode(validating: pair.company) else { continue }
            let pairKey = key(pair.company, pair.holderID)
            let holdings = holdingsByPair[pairKey] ?? [], offices = officesByPair[pairKey] ?? []
            let storedLatest = all.flatMap { [$0.since, $0.until] }.compactMap { $0 }.max()
            let fileLatest = ([pair.statementDate] + holdings.flatMap { [$0.since, $0.until] } + offices.flatMap { [$0.since, $0.until] })
                .compactMap { $0?.iso }.max()
            if let storedLatest, let fileLatest, fileLatest < storedLatest {
                dropped.insert(pairKey)
                records.warnings.append("the file's statements of \(pair.holderID) in \(pair.company) (to \(fileLatest)) are older than the stored ones (to \(storedLatest)): not imported")
                continue
            }
            let givenStakes = Set(holdings.map { $0.since?.iso ?? "" })
            let givenOffices = Set(offices.map { $0.role.rawValue + "|" + ($0.since?.iso ?? "") })
            for link in all where link.until == nil {
                let since = link.since ?? ""
                if let role = link.role {
                    if givenOffices.contains(role + "|" + since) { continue }
                } else if givenStakes.contains(since) { continue }
                let start = link.since.flatMap(LocalDate.init(iso:))
                let successor = (link.role == nil ? holdings.filter { $0.until == nil }.compactMap(\.since)
                                 : offices.filter { $0.until == nil && $0.role.rawValue == link.role }.compactMap(\.since))
                    .filter { since in start.map { since > $0 } ?? true }.min()
                guard let end = successor ?? pair.statementDate, start.map({ end >= $0 }) ?? true else {
                    records.warnings.append("the stored \(link.role == nil ? "stake" : "office") of \(pair.holderID) in \(pair.company) (since \(since.isEmpty ? "?" : since)) is no longer in the file but has no date to end at; kept as current")
                    continue
                }
                let what = link.role.map { "office \($0)" } ?? "stake \(link.pct.map { BODSExchangeWriter.formatPercent($0) + "%" } ?? "of unknown share")"
                records.notes.append("the stored \(what) of \(link.holderName) (\(pair.holderID)) in \(pair.company) since \(since.isEmpty ? "?" : since) is no longer in the file: ended \(end.iso)")
                if let role = link.role, let officerRole = OfficerRole(rawValue: role) {
                    closingOffices.append(Officer(company: company, personID: pair.holderID, personName: link.holderName, role: officerRole,
                                                  since: start, until: end))
                } else if link.role == nil {
                    closingHoldings.append(Shareholding(company: company, holderID: pair.holderID, holderName: link.holderName,
                                                        holderType: HolderType(rawValue: link.holderType) ?? .company, pct: link.pct,
                                                        since: start, until: end))
                }
            }
        }
        if !dropped.isEmpty {
            records.shareholdings.removeAll { dropped.contains(key($0.company.rawValue, $0.holderID)) }
            records.officers.removeAll { dropped.contains(key($0.company.rawValue, $0.personID)) }
        }
        records.shareholdings += closingHoldings
        records.officers += closingOffices
    }

    /// The conversion folder for `bodsFile` beside the database at `databasePath`:
    /// `<database>.bods/<file name>-<8 hex digits>/`, the digits from the SHA-256 of the
    /// file's absolute path. Two inputs of one name (`a/statements.json`, `b/statements.json`)
    /// so never share a folder (they did, and the second conversion overwrote the first's
    /// companies before either was imported), while the same input always gets the same
    /// folder, so a re-import keeps its provenance paths.
    public static func folder(for bodsFile: String, databasePath: String) -> String {
        let absolute = URL(fileURLWithPath: bodsFile).standardizedFileURL.path
        let tag = Digest.sha256(Data(absolute.utf8)).prefix(8)
        return databasePath + ".bods/" + (bodsFile as NSString).lastPathComponent + "-" + tag
    }

    /// A percentage as plain decimal text (no exponent), at most 6 decimals.
    static func formatPercent(_ value: Double) -> String {
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    static func csvLine(_ fields: [String]) -> String {
        fields.map(CSVField.escaped).joined(separator: ",") + "\n"
    }
}
