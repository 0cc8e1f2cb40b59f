import Foundation
import Testing
import RiskDomain
@testable import RiskIngest

/// Successive complete exports of a changing registry, imported one at a time, leave the
/// database holding exactly the last export's records, whatever the order of its rows and
/// whether `since` is given (``ImportWriter``'s matching of a key's records: exact rows claim
/// their record, changed rows update the most similar unclaimed one, never reopening a
/// closed record). Random timelines with a fixed seed.
@Suite("Import: sequences of exports")
struct ImportSequenceTests {
    /// A small deterministic generator (SplitMix64).
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    /// One stint of a holder in a company: its pct, the day it began and the day it ended.
    struct Stint { var company: String, holder: String, pct: Int, start: Int, end: Int? }

    static func date(_ day: Int) -> String { LocalDate(dayNumber: LocalDate(year: 2015, month: 1, day: 1)!.dayNumber + day).iso }

    /// The rows of a complete export on `day`: every stint begun by then, closed ones with
    /// their end, in a shuffled order.
    static func export(_ stints: [Stint], on day: Int, withSince: Bool, random: inout Generator) -> String {
        var rows = stints.filter { $0.start <= day }.map { stint -> String in
            let until = stint.end.flatMap { $0 <= day ? date($0) : nil } ?? ""
            return "\(stint.company),\(stint.holder),\(stint.holder)名,person,\(stint.pct),\(withSince ? date(stint.start) : ""),\(until)"
        }
        for index in rows.indices.reversed() { rows.swapAt(index, random.next(index + 1)) }
        return "company,holder_id,holder_name,holder_type,pct,since,until\n" + rows.map { $0 + "\n" }.joined()
    }

    @Test(arguments: [(1, true), (2, false), (3, true), (4, false), (5, false)])
    func completeExportsLeaveTheLastExportsRecords(seed: Int, withSince: Bool) throws {
        var random = Generator(state: UInt64(seed))
        let companies = [Codes.a, Codes.b]
        // Timelines: each holder of each company enters, changes its pct or leaves, and may come back.
        var stints: [Stint] = []
        for company in companies {
            for holder in ["P1", "P2", "P3"] {
                var day = random.next(200)
                while day < 2000 {
                    let length = 100 + random.next(600)
                    let ends = day + length < 2000 || random.next(2) == 0
                    stints.append(Stint(company: company, holder: holder, pct: 5 + random.next(60), start: day, end: ends ? day + length : nil))
                    if !ends { break }
                    // The next stint: at once (a pct change) or after a gap (a re-entry).
                    day += length + (random.next(3) == 0 ? 50 + random.next(200) : 0)
                }
            }
        }
        let bench = try ImportBench()
        try bench.write("companies.csv", "credit_code,name\n\(Codes.a),甲\n\(Codes.b),乙\n")
        _ = try bench.run(["companies.csv"])
        let stored = "SELECT company || ',' || holder_id || ',' || CAST(pct AS INTEGER) || ',' || ifnull(since, '') || ',' || ifnull(until, '') FROM shareholding ORDER BY 1"
        for day in stride(from: 150, through: 2400, by: 150) {
            let text = Self.export(stints, on: day, withSince: withSince, random: &random)
            try bench.write("shareholdings.csv", text)
            let report = try bench.run(["shareholdings.csv"])
            let expected = text.split(separator: "\n").dropFirst().map { line -> String in
                let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                return [cells[0], cells[1], cells[4], cells[5], cells[6]].joined(separator: ",")
            }.sorted()
            #expect(try bench.strings(stored) == expected, "seed \(seed), day \(day)")
            #expect(report.warnings.isEmpty, "\(report.warnings)")
            // The same export again changes nothing.
            let again = try bench.run(["shareholdings.csv"])
            #expect(again.files.map { [$0.imported, $0.updated] } == [[0, 0]], "seed \(seed), day \(day)")
        }
    }
}
