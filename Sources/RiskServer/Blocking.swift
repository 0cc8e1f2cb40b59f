import Dispatch

/// Runs blocking work — synchronous GRDB reads and writes, a graph rebuild, a report — on a
/// dispatch queue instead of Swift concurrency's cooperative threads.
///
/// There is one cooperative thread per core (two on the target machine). A handler that
/// blocks one in `DatabasePool.read` waits for a reader connection; the readers are held by
/// `await database.writer.read` calls whose continuations need a free cooperative thread to
/// finish, so with every cooperative thread blocked the server stops answering (seen under
/// wrk load). Every synchronous database call of the server goes through ``run(_:)``.
enum Blocking {
    static let queue = DispatchQueue(label: "riskbrain.server.blocking", qos: .userInitiated, attributes: .concurrent)

    /// The result of `body`, computed on ``queue``.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
