import Testing
import RiskDomain
@testable import RiskStore

/// ``PackedRows``: the rows the import keeps to the end of a file come back as they went in,
/// and their order ignores the occurrence (the row's place in its file).
@Suite("Store: packed rows")
struct PackedRowsTests {
    static func row(_ values: [StoredValue]) -> ImportRow {
        var row = ImportRow(count: values.count)
        for (index, value) in values.enumerated() {
            switch value {
            case .null: row.setNull(index)
            case .text(let text): row.setText(index, text)
            case .real(let number): row.setReal(index, number)
            case .integer(let number): row.setInteger(index, number)
            }
        }
        return row
    }

    @Test func rowsComeBackAsTheyWentIn() {
        let rows: [[StoredValue]] = [
            [.text("91330106000000001X"), .text("P1"), .text("张三"), .text("person"), .real(60), .null, .real(-0.0), .text(""), .null, .integer(0)],
            [.text("91330106000000001X"), .text("P2"), .text(String(repeating: "长", count: 3000)), .text("person"), .real(.greatestFiniteMagnitude),
             .real(1e-300), .null, .text("2024-01-01"), .text("2025-01-01"), .integer(Int64.max)],
        ]
        var packed = PackedRows()
        for (index, values) in rows.enumerated() { packed.append(Self.row(values), kind: .shareholdings, line: index + 2) }
        #expect(packed.count == 2 && packed.lines == [2, 3] && packed.kinds == [.shareholdings, .shareholdings])
        var out = ImportRow(count: 10)
        for (index, values) in rows.enumerated() {
            packed.unpack(index, into: &out)
            #expect((0..<10).map { out.value($0) } == values)
        }
        packed.removeAll()
        #expect(packed.isEmpty)
    }

    @Test func theContentOrderIgnoresTheOccurrence() {
        var packed = PackedRows()
        packed.append(Self.row([.text("B"), .real(1), .integer(0)]), kind: .products, line: 2)
        packed.append(Self.row([.text("A"), .real(2), .integer(1)]), kind: .products, line: 3)
        packed.append(Self.row([.text("A"), .real(2), .integer(0)]), kind: .products, line: 4)
        #expect(packed.contentPrecedes(1, 0) && !packed.contentPrecedes(0, 1))
        #expect(!packed.contentPrecedes(1, 2) && !packed.contentPrecedes(2, 1))
    }
}
