import Foundation
import GRDB
import Testing
import RiskDomain
import RiskStore
@testable import RiskIngest

/// The fast paths of the import (byte-level cells, constraints checked once at the end,
/// foreign keys off during the load) keep the rules of the slow ones.
@Suite("Import writer and fast paths")
struct ImportWriterTests {
    static func company(_ code: String) -> [StoredValue] {
        [.text(code), .text("甲")] + Array(repeating: .null, count: 6) + [.text("330106")] + Array(repeating: .null, count: 6)
    }

    @Test func aCheckViolationWrittenDuringTheLoadRollsTheWholeImportBack() throws {
        let bench = try ImportBench()
        // Row-by-row CHECKs are skipped during the load; the final constraint check still catches a bad value.
        let holding: [StoredValue] = [.text(Codes.a), .text("P1"), .text("张三"), .text("person"), .real(150),
                                      .null, .null, .null, .null, .integer(0)]
        #expect(throws: ImportWriteError.self) {
            try bench.database.importTransaction(startedAt: "2026-01-01T00:00:00Z", strict: false) { writer in
                try writer.insert(.companies, Self.company(Codes.a), file: "c.csv", line: 2)
                try writer.insert(.shareholdings, holding, file: "s.csv", line: 2)
            }
        }
        #expect(try bench.count("company") == 0)
        #expect(try bench.count("shareholding") == 0)
        #expect(try bench.count("import_batch") == 0)
        // A required value that is NULL (NOT NULL) is caught the same way.
        #expect(throws: (any Error).self) {
            try bench.database.importTransaction(startedAt: "2026-01-01T00:00:00Z", strict: false) { writer in
                try writer.insert(.companies, [.text(Codes.b), .null] + Self.company(Codes.b).dropFirst(2), file: "c.csv", line: 2)
            }
        }
        #expect(try bench.count("company") == 0)
    }

    @Test func foreignKeysAndChecksAreBackOnAfterAnImport() throws {
        let bench = try ImportBench()
        try bench.write("companies.csv", "credit_code,name\n\(Codes.a),甲\n")
        try bench.write("officers.csv", "company,person_id,person_name,role\n\(Codes.a),P1,张三,legal_rep\n\(Codes.b),P2,李四,legal_rep\n")
        let report = try bench.run(["companies.csv", "officers.csv"])
        // An unknown company is still rejected with foreign-key enforcement off during the load.
        #expect(report.rejects.map(\.reason) == ["no company with this credit code in this import or the database"])
        let pragmas = try bench.database.writer.write { db in
            [try Int.fetchOne(db, sql: "PRAGMA foreign_keys"), try Int.fetchOne(db, sql: "PRAGMA ignore_check_constraints")]
        }
        #expect(pragmas == [1, 0])
        let problems = try bench.database.writer.read { db in try String.fetchAll(db, sql: "PRAGMA foreign_key_check") }
        #expect(problems.isEmpty)
    }

    @Test func anImportRowHashesAndReadsBackLikeStoredValues() {
        let values: [StoredValue] = [.text("913301060000000000"), .null, .real(37.5), .integer(3), .text(""), .text("人83651")]
        var row = ImportRow(count: values.count)
        for (index, value) in values.enumerated() { row.set(index, value) }
        var fromRow = RowHasher(), fromValues = RowHasher()
        for index in values.indices {
            fromRow.add(row, index)
            fromValues.add(values[index])
            #expect(row.value(index) == values[index])
        }
        #expect(fromRow.value == fromValues.value)
        #expect(row.textEquals(5, "人83651"))
        #expect(row.textEquals(5, "person") == false)
        row.setText(5, "person")
        #expect(row.textEquals(5, "person"))
        row.reset()
        row.setText(0, "P1")
        #expect(row.text(0) == "P1")
    }

    @Test(arguments: [
        [0x41], [0xC3, 0xA9], [0xE4, 0xBA, 0xBA], [0xF0, 0x9F, 0x98, 0x80], [0xEF, 0xBB, 0xBF],
        [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xF5, 0x80, 0x80, 0x80], [0xE4, 0xBA], [0x80], [0xBA, 0xBA], [0xF0, 0x9F, 0x98], [0xD5, 0xC5, 0xC8, 0xFD],
    ] as [[UInt8]])
    func byteValidationAgreesWithStringValidation(bytes: [UInt8]) {
        let expected = String(validating: bytes, as: UTF8.self) != nil
        #expect(bytes.withUnsafeBufferPointer { CSVReader.isValidUTF8($0) } == expected)
    }

    @Test(arguments: [
        ("913301060000000000", CellType.ownCreditCode), ("91440300708461136T", .companyReference),
        ("91440300708461136X", .companyReference), ("2018-03-05", .date), ("2018-02-30", .date), ("2018/3/5", .date),
        ("37.96", .percent), ("100.5", .percent), ("40%", .percent), ("1,200.5", .amount), ("12.5", .amount),
        ("3亿", .amount), ("自然人", .vocabulary({ HolderType(text: $0)?.rawValue }, expected: "person")),
        ("robot", .vocabulary({ HolderType(text: $0)?.rawValue }, expected: "person")), ("甲,公司", .text),
    ])
    func byteCellsParseLikeStringCells(text: String, type: CellType) {
        var row = ImportRow(count: 1)
        let reason = Array(text.utf8).withUnsafeBufferPointer { CellParser.parse(bytes: $0, as: type, into: &row, at: 0) }
        switch CellParser.parse(text, as: type) {
        case .value(let value):
            #expect(reason == nil)
            #expect(row.value(0) == value)
        case .rejected(let expected):
            #expect(reason == expected)
        }
    }
}
