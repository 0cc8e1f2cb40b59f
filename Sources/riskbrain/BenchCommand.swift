import ArgumentParser

/// `riskbrain bench …`: performance benchmarks (run them from a release build:
/// `swift build -c release && .build/release/riskbrain bench …`). Never part of the tests.
struct BenchCommand: CommandGroup {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run performance benchmarks against the peers in ../shared/bench (use a release build).",
        subcommands: [
            BenchImportCommand.self,
            BenchGraphCommand.self,
            BenchReportCommand.self,
            BenchScoreCommand.self,
        ]
    )
}
