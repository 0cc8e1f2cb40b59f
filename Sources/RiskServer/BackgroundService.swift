import Foundation
import ServiceLifecycle

/// Runs beside the HTTP server: writes pending audit rows every quarter second and checks
/// for a finished import every ``ServerSettings/refreshInterval`` seconds (rebuilding the
/// graph in the background, see ``ServingState``). On graceful shutdown it writes the last
/// audit rows.
struct BackgroundService: Service {
    let service: RiskService

    func run() async throws {
        let tick = service.audit.flushInterval
        let ticksPerRefresh = max(1, Int((service.settings.refreshInterval / tick).rounded()))
        await cancelWhenGracefulShutdown {
            var count = 0
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(tick * 1_000_000_000))
                _ = try? await Blocking.run { try service.flushAudit() }
                count += 1
                // A shutdown ends the sleep at once: no refresh then (it was cancelled and
                // printed "graph refresh failed: CancellationError()" on a clean stop).
                if count % ticksPerRefresh == 0, !Task.isCancelled {
                    do { try await service.refreshIfChanged() } catch is CancellationError {
                        break
                    } catch {
                        FileHandle.standardError.write(Data("warning: graph refresh failed: \(error)\n".utf8))
                    }
                }
            }
        }
        try await Blocking.run { try service.flushAudit() }
    }
}
