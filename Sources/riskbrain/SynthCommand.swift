import ArgumentParser
import Foundation
import RiskDomain
import RiskSynth

/// `riskbrain synth`: writes a deterministic synthetic exchange-format data folder.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Generate deterministic synthetic exchange-format data (1,000 to 3,000,000 companies).",
        discussion: """
            Writes companies.csv, shareholdings.csv, officers.csv, compliance.csv, litigation.csv, \
            news.csv, products.csv, licences.csv and labels.csv (the exchange format), plus \
            planted.csv (the answer key: every planted ring member and decoy with its expected \
            risk) and, with --watchlist, watchlist.csv. The same --companies, --seed and --as-of \
            give byte-identical files; files are streamed through 1 MiB buffers, so memory stays \
            flat at any scale.

            Model. Ordinary companies: 10% holding companies (控股/投资/实业) owning subsidiaries \
            (≈12% of companies have an older holding company as major holder, often in another city), 2% branches \
            (分公司) of earlier companies, 1–5 current holders per company with a power law \
            (45% one, 30% two, 13% three, 7% four, 5% five; one major holder), 8% with a former \
            holder, 2% with an outside holder (HK…/LP-… ids without a credit code). Persons \
            ≈ 0.85–0.9 × companies; every company has a legal representative, 55% an executive \
            director, 75% a supervisor, 35% a manager, 20% a finance officer, 5% a former legal \
            rep; agent persons (1 per 10,000 companies, at least 2) sit as supervisor on 2.5% of \
            boards — hundreds each at 1M. 3% share a telephone from a small per-city pool; 3% sit \
            at mass-registration addresses (hundreds per address at 1M). Litigation ≈ 0.3 rows per \
            company (买卖合同纠纷 between registry companies, 劳动争议, 借款合同纠纷 with banks, \
            民间借贷纠纷, enforcement …), compliance ≈ 0.3 (annual-report and 无法联系 listings, \
            changes, penalties, tax arrears), news ≈ 0.1 (Chinese, partly with sentiment), \
            products for 3%, a few licences; 1.5% of ordinary companies are labelled 0.

            Rings (≈ N/2000, at least 4; shapes cycle: wealth management with seminars and \
            flyers, P2P app with a revoked filing and criminal cases, elderly health products \
            with rebates, a licensed fund manager selling guaranteed products by telephone): \
            a controller, a holding company, two operating companies (label 1) with products, \
            lending suits by many individuals, negative news and an abnormal listing, and \
            out-of-city affiliates that look ordinary (an intermediate holding company, a \
            trading company, a tech company) linked by large stakes, shared officers, phones and \
            addresses; plus weak ties (a 5% holder's restaurant, a company of an officer who left \
            years ago, a 2% portfolio stake; label 0). Decoy blocks (≈ N/4000, at least 2; label \
            0): a licensed microcredit lender and a bank suing borrowers, a licensed fund manager \
            with ≤200 qualified investors, an anti-fundraising awareness campaign venue, an \
            A-round start-up, a trader with many commercial suits, a new company with large \
            subscribed capital, a quiet 投资管理 company.
            """)

    @Option(parsing: .unconditional, help: ArgumentHelp("Number of companies (1000 to 3000000).", valueName: "n"))
    var companies: Int

    @Option(parsing: .unconditional, help: ArgumentHelp("Seed of every random choice (an unsigned 64-bit integer).", valueName: "s"))
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Output folder (created when missing; files in it are overwritten).", valueName: "dir"))
    var out: String

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Reference date \"today\" of the data, YYYY-MM-DD (default 2026-06-30).", valueName: "date"))
    var asOf: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Also write watchlist.csv with this many rows (0 = none).", valueName: "rows"))
    var watchlist: Int = 0

    @Option(help: "Summary format on standard output: table or json.")
    var format: SummaryFormat = .table

    enum SummaryFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

    func validate() throws {
        // An empty --out would be the working directory (URL(fileURLWithPath: "")).
        if out.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--out must name a folder") }
        do {
            try options().validate()
        } catch let error as SynthError {
            throw ValidationError(error.description)
        }
    }

    func options() throws -> SynthOptions {
        var date = SynthOptions.defaultAsOf
        if let asOf {
            guard let parsed = LocalDate(iso: asOf) else { throw ValidationError("--as-of must be a date YYYY-MM-DD, got '\(asOf)'") }
            date = parsed
        }
        return SynthOptions(companies: companies, seed: seed, asOf: date, watchlistSize: watchlist)
    }

    func run() throws {
        try runReportingErrors {
            let generator = try SyntheticDataGenerator(options: try options(), directory: out)
            let summary = try generator.run()
            switch format {
            case .table: printOut(Self.table(summary, directory: out))
            case .json: printOut(Self.json(summary).serialized())
            }
        }
    }

    static func table(_ summary: SynthSummary, directory: String) -> String {
        var lines = ["wrote \(directory):"]
        let width = summary.files.map(\.name.count).max() ?? 0
        for file in summary.files {
            lines.append("  " + file.name.padding(toLength: width, withPad: " ", startingAt: 0)
                         + "  " + String(file.rows).leftPadded(9) + " rows  " + String(file.bytes).leftPadded(12) + " bytes")
        }
        lines.append("persons: \(summary.persons)  rings: \(summary.rings)  decoy blocks: \(summary.decoyBlocks)  agent hubs: \(summary.hubs)")
        return lines.joined(separator: "\n")
    }

    static func json(_ summary: SynthSummary) -> JSONValue {
        .object([
            ("files", .array(summary.files.map { file in
                .object([("name", .string(file.name)), ("rows", .int(file.rows)), ("bytes", .int(file.bytes))])
            })),
            ("persons", .int(summary.persons)),
            ("rings", .int(summary.rings)),
            ("decoy_blocks", .int(summary.decoyBlocks)),
            ("hubs", .int(summary.hubs)),
        ])
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
