// swift-tools-version:6.0
import PackageDescription

// Layers, bottom to top (no target imports one above it):
//   RiskDomain   pure values: identifiers, records, field parsers (no I/O)
//   RiskStore    the embedded SQLite database (GRDB): schema, migrations, reads, writes
//   RiskIngest   exchange-format CSV (and BODS) → validated records → RiskStore
//   RiskSynth    deterministic synthetic exchange-format data (writes CSV only)
//   RiskGraph    the in-memory CSR graph built from RiskStore, and its queries
//   RiskScoring  the expert model, features, text analysis, propagation, evaluation
//   RiskReports  HTML / Markdown / JSON reports
//   riskbrain    the thin command-line executable
let package = Package(
    name: "RiskBrain",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "riskbrain", targets: ["riskbrain"]),
        .library(name: "RiskDomain", targets: ["RiskDomain"]),
        .library(name: "RiskStore", targets: ["RiskStore"]),
        .library(name: "RiskIngest", targets: ["RiskIngest"]),
        .library(name: "RiskGraph", targets: ["RiskGraph"]),
        .library(name: "RiskScoring", targets: ["RiskScoring"]),
        .library(name: "RiskReports", targets: ["RiskReports"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .target(name: "RiskDomain"),
        .target(name: "RiskStore", dependencies: [
            "RiskDomain",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "RiskIngest", dependencies: ["RiskDomain", "RiskStore"]),
        .target(name: "RiskSynth", dependencies: ["RiskDomain"]),
        .target(name: "RiskGraph", dependencies: ["RiskDomain", "RiskStore"]),
        .target(name: "RiskScoring", dependencies: [
            "RiskDomain", "RiskStore", "RiskGraph",
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "RiskReports", dependencies: [
            "RiskDomain", "RiskStore", "RiskGraph", "RiskScoring",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .executableTarget(name: "riskbrain", dependencies: [
            "RiskDomain", "RiskStore", "RiskIngest", "RiskSynth", "RiskGraph", "RiskScoring", "RiskReports",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .target(name: "RiskTestSupport", dependencies: ["RiskDomain", "RiskStore"], path: "Tests/RiskTestSupport"),
        .testTarget(name: "RiskDomainTests", dependencies: ["RiskDomain", "RiskTestSupport"]),
        .testTarget(name: "RiskStoreTests", dependencies: ["RiskStore", "RiskTestSupport"]),
        .testTarget(name: "RiskIngestTests", dependencies: ["RiskIngest", "RiskStore", "RiskTestSupport"]),
        .testTarget(name: "RiskGraphTests", dependencies: ["RiskGraph", "RiskIngest", "RiskStore", "RiskTestSupport"]),
        .testTarget(name: "RiskScoringTests", dependencies: ["RiskScoring", "RiskGraph", "RiskStore", "RiskTestSupport"]),
        .testTarget(name: "RiskReportsTests", dependencies: ["RiskReports", "RiskIngest", "RiskScoring", "RiskStore", "RiskTestSupport"]),
        .testTarget(name: "RiskSynthTests", dependencies: ["RiskSynth", "RiskTestSupport"]),
        .testTarget(name: "RiskCLITests", dependencies: ["RiskTestSupport", "RiskStore"]),
    ]
)

// Strict settings applied once, to every target (as swift-log does).
for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    target.swiftSettings = settings
}
