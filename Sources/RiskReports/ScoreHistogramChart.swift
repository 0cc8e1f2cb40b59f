/// The score-distribution histogram of the summary: ten 10-point bins, bars stacked by level.
enum ScoreHistogramChart {
    /// Counts per bin (0–10, 10–20, …, 90–100; 100 falls in the last) and level.
    ///
    /// - Complexity: O(n) in the number of companies.
    static func bins(_ companies: [ReportCompany]) -> [[RiskLevel: Int]] {
        var bins = Array(repeating: [RiskLevel: Int](), count: 10)
        for company in companies {
            let index = min(9, max(0, Int((company.score / 10).rounded(.down))))
            bins[index][company.level, default: 0] += 1
        }
        return bins
    }

    static func svg(_ companies: [ReportCompany], names: [RiskLevel: String] = [:]) -> String {
        let bins = bins(companies)
        let totals = bins.map { $0.values.reduce(0, +) }
        let maxCount = max(1, totals.max() ?? 1)
        let width = 640.0, height = 230.0
        let left = 44.0, right = 12.0, top = 20.0, bottom = 40.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let binWidth = plotWidth / 10
        var svg = SVGWriter(width: width, height: height, label: "评分分布直方图 (score distribution)", cssClass: "chart histogram")
        // Axes and gridlines.
        let step = max(1, Int((Double(maxCount) / 4).rounded(.up)))
        var tick = 0
        while tick <= maxCount {
            let y = top + plotHeight - plotHeight * Double(tick) / Double(maxCount)
            svg.line(x1: left, y1: y, x2: width - right, y2: y, stroke: "#e3e8ee")
            svg.text(String(tick), x: left - 6, y: y + 4, size: 11, anchor: "end", fill: "#5b6b7c")
            tick += step
        }
        svg.line(x1: left, y1: top + plotHeight, x2: width - right, y2: top + plotHeight, stroke: "#5b6b7c")
        for index in 0..<10 {
            let x = left + Double(index) * binWidth
            var y = top + plotHeight
            for level in [RiskLevel.low, .medium, .high] {
                let count = bins[index][level] ?? 0
                guard count > 0 else { continue }
                let h = plotHeight * Double(count) / Double(maxCount)
                y -= h
                svg.openGroup(title: "\(index * 10)–\(index * 10 + 10) 分 \(names[level] ?? level.chinese): \(count) 家")
                svg.rect(x: x + 4, y: y, width: binWidth - 8, height: h, fill: level.colour)
                svg.closeGroup()
            }
            if totals[index] > 0 {
                svg.text(String(totals[index]), x: x + binWidth / 2, y: y - 4, size: 11, anchor: "middle")
            }
            svg.text(String(index * 10), x: x, y: top + plotHeight + 15, size: 11, anchor: "middle", fill: "#5b6b7c")
        }
        svg.text("100", x: left + plotWidth, y: top + plotHeight + 15, size: 11, anchor: "middle", fill: "#5b6b7c")
        svg.text("总分 (score)", x: left + plotWidth / 2, y: height - 6, size: 11, anchor: "middle", fill: "#5b6b7c")
        // Legend.
        var lx = width - right - 3 * 62
        for level in RiskLevel.allCases {
            svg.rect(x: lx, y: 4, width: 10, height: 10, fill: level.colour)
            svg.text(names[level] ?? level.chinese, x: lx + 14, y: 13, size: 11)
            lx += 62
        }
        return svg.finish()
    }
}
