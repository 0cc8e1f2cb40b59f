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
//   RiskViews    the JSON/text renderings shared by the CLI and the HTTP API
//   RiskAccess   API tokens and the audit log (tables of migration v4-access)
//   riskbrain    the thin command-line executable
//   RiskServer   the HTTP API and web console on Hummingbird 2 (the only target that pulls
//                it in; `swift build --product riskbrain` never compiles it)
//   riskbrain-serve  the server executable (`riskbrain serve` execs it)
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
        .library(name: "RiskViews", targets: ["RiskViews"]),
        .library(name: "RiskAccess", targets: ["RiskAccess"]),
        .library(name: "RiskServer", targets: ["RiskServer"]),
        .executable(name: "riskbrain-serve", targets: ["riskbrain-serve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Already in the graph through Hummingbird; RiskServer names it for its background service.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
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
        .target(name: "RiskViews", dependencies: ["RiskDomain", "RiskGraph", "RiskScoring"]),
        .target(name: "RiskAccess", dependencies: [
            "RiskDomain", "RiskStore",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "riskbrain", dependencies: [
            "RiskDomain", "RiskStore", "RiskIngest", "RiskSynth", "RiskGraph", "RiskScoring", "RiskReports",
            "RiskViews", "RiskAccess",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .target(name: "RiskServer", dependencies: [
            "RiskDomain", "RiskStore", "RiskGraph", "RiskScoring", "RiskReports", "RiskViews", "RiskAccess",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], resources: [.copy("openapi.yaml")]),
        .executableTarget(name: "riskbrain-serve", dependencies: [
            "RiskServer", "RiskStore", "RiskScoring",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        .target(name: "RiskTestSupport", dependencies: ["RiskDomain", "RiskStore"], path: "Tests/RiskTestSupport"),
        .testTarget(name: "RiskDomainTests", dependencies: ["RiskDomain", "RiskTestSupport"]),
        .testTarget(name: "RiskStoreTests", dependencies: ["RiskStore", "RiskTestSupport"]),
        .testTarget(name: "RiskIngestTests", dependencies: ["RiskIngest", "RiskStore", "RiskTestSupport"]),
        .testTarget(name: "RiskGraphTests", dependencies: ["RiskGraph", "RiskIngest", "RiskStore", "RiskTestSupport"]),
        .testTarget(name: "RiskScoringTests", dependencies: ["RiskScoring", "RiskGraph", "RiskStore", "RiskTestSupport"]),
        // Fixtures are read by path (#filePath), not as bundle resources.
        .testTarget(name: "RiskReportsTests", dependencies: ["RiskReports", "RiskIngest", "RiskScoring", "RiskStore", "RiskTestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "RiskSynthTests", dependencies: ["RiskSynth", "RiskTestSupport"]),
        .testTarget(name: "RiskCLITests", dependencies: ["RiskTestSupport", "RiskStore"]),
        .testTarget(name: "RiskAccessTests", dependencies: ["RiskAccess", "RiskStore", "RiskTestSupport"]),
        .testTarget(name: "RiskServerTests", dependencies: [
            "RiskServer", "RiskAccess", "RiskIngest", "RiskStore", "RiskScoring", "RiskViews", "RiskGraph", "RiskTestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
    ]
)

// Strict settings applied once, to every target (as swift-log does).
for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    target.swiftSettings = settings
}
