/// The four dimension scores of one company as horizontal bars on a 0–100 scale.
enum DimensionBarsChart {
    static func svg(_ dimensions: DimensionScores, weights: [DimensionWeight]) -> String {
        let width = 620.0, rowHeight = 28.0
        let labelWidth = 200.0, barWidth = 300.0
        let height = rowHeight * Double(RiskDimension.allCases.count) + 8
        var svg = SVGWriter(width: width, height: height, label: "分项得分 (dimension scores)", cssClass: "chart bars")
        for (row, dimension) in RiskDimension.allCases.enumerated() {
            let y = 4 + Double(row) * rowHeight
            let value = max(0, min(100, dimensions[dimension]))
            svg.text("\(dimension.chinese) (\(dimension.english))", x: 0, y: y + 17, size: 12, maxWidth: 32)
            svg.rect(x: labelWidth, y: y + 5, width: barWidth, height: 16, fill: "#eef2f6", radius: 2)
            let colour = value >= 70 ? RiskLevel.high.colour : value >= 40 ? RiskLevel.medium.colour : "#5b84b1"
            svg.rect(x: labelWidth, y: y + 5, width: barWidth * value / 100, height: 16, fill: colour, radius: 2)
            var label = ReportText.fixed(dimensions[dimension])
            if let weight = weights.first(where: { $0.dimension == dimension }) {
                label += "（权重 " + ReportText.compact(weight.weight) + "）"
            }
            svg.text(label, x: labelWidth + barWidth + 8, y: y + 18, size: 12)
        }
        return svg.finish()
    }
}
