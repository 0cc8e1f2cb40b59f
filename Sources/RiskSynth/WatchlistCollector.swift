import Foundation

/// Collects the watch list while the data is generated and writes `watchlist.csv`.
///
/// A watch list is what a bureau hands over: about 30% ring operating companies, 25% decoys
/// and weak ties, the rest ordinary companies (uniform reservoir samples, Vitter's
/// Algorithm R, O(capacity) memory), never the out-of-city affiliates the engine must find
/// itself. Rows are shuffled with the seed, numbered 浙金监转〔YEAR〕001号…, and one row in
/// ten (at least one ring company among them) names the company by name only.
struct WatchlistCollector {
    struct Entry {
        let code: String
        let name: String
        let category: Int // 0 ring, 1 decoy, 2 ordinary
    }

    let capacity: Int
    private var random: SplitMix64
    private var reservoirs: [[Entry]] = [[], [], []]
    private var offered = [0, 0, 0]
    private(set) var rowsWritten = 0
    private(set) var bytesWritten = 0

    init(capacity: Int, seed: UInt64) {
        self.capacity = capacity
        random = SplitMix64(seed: seed, stream: 400, index: 0)
    }

    mutating func offerRing(code: String, name: String) { offer(Entry(code: code, name: name, category: 0)) }
    mutating func offerDecoy(code: String, name: String) { offer(Entry(code: code, name: name, category: 1)) }
    mutating func offerOrdinary(code: String, name: String, isBranch: Bool) {
        guard capacity > 0, !isBranch else { return }
        offer(Entry(code: code, name: name, category: 2))
    }

    private mutating func offer(_ entry: Entry) {
        guard capacity > 0 else { return }
        let category = entry.category
        offered[category] += 1
        if reservoirs[category].count < capacity {
            reservoirs[category].append(entry)
        } else {
            let slot = random.below(offered[category])
            if slot < capacity { reservoirs[category][slot] = entry }
        }
    }

    /// The chosen rows in their final order.
    mutating func rows() -> [Entry] {
        let rings = min(reservoirs[0].count, (capacity * 3 + 9) / 10)
        let decoys = min(reservoirs[1].count, (capacity + 3) / 4)
        let ordinary = min(reservoirs[2].count, capacity - rings - decoys)
        var chosen = Array(reservoirs[0].prefix(rings)) + Array(reservoirs[1].prefix(decoys)) + Array(reservoirs[2].prefix(ordinary))
        // Fisher–Yates with our own generator.
        var index = chosen.count - 1
        while index > 0 {
            let other = random.below(index + 1)
            chosen.swapAt(index, other)
            index -= 1
        }
        return chosen
    }

    /// Writes watchlist.csv: referral_no, credit_code, name, note.
    mutating func write(to path: String, year: Int) throws {
        let entries = rows()
        let writer = try CSVFileWriter(path: path, header: ["referral_no", "credit_code", "name", "note"])
        let firstRing = entries.firstIndex { $0.category == 0 }
        let notes = [["群众举报：承诺高息回报", "公安机关移送线索", "舆情监测：投资人维权"],
                     ["舆情监测", "群众举报", "日常排查"],
                     ["日常排查", "日常排查", "行业排查", "群众举报"]]
        for (position, entry) in entries.enumerated() {
            let number = String(position + 1)
            writer.field("浙金监转〔" + String(year) + "〕" + String(repeating: "0", count: max(0, 3 - number.count)) + number + "号")
            let nameOnly = position % 10 == 3 || position == firstRing
            if nameOnly { writer.empty() } else { writer.field(entry.code) }
            writer.field(entry.name)
            let pool = notes[entry.category]
            writer.field(pool[random.below(pool.count)])
            try writer.endRow()
        }
        try writer.close()
        rowsWritten = writer.rows
        bytesWritten = writer.bytes
    }
}
