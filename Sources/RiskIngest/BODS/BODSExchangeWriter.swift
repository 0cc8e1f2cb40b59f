import Foundation
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
    /// Reads the BODS file at `path` and writes its exchange-format files into `folder`
    /// (created; previous files of the same names replaced). Returns the written file paths
    /// and the reader's warnings.
    public static func convert(bodsFile path: String, into folder: String) throws -> (files: [String], warnings: [String]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportError.cannotRead(path: path, reason: "no such file or not readable")
        }
        // A BODSReader.ReadError already names the file (and the line and column of a syntax error).
        let records = try BODSReader.read(data: data, sourceName: path)
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
            throw ImportError.cannotRead(path: path, reason: "the BODS file holds no company, shareholding or officer to import")
        }
        return (files, records.warnings)
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
