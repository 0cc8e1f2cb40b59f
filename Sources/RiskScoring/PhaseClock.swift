import Foundation

/// Wall and CPU time of the steps of a run, for the benchmark's breakdown.
///
/// CPU time is the calling thread's (`CLOCK_THREAD_CPUTIME_ID`), so a step measured while
/// other processes share the cores still shows its own cost.
public struct PhaseClock: Sendable {
    /// Receives a step's name, wall seconds, this thread's CPU seconds and a note.
    public typealias Sink = @Sendable (_ step: String, _ wall: Double, _ cpu: Double, _ detail: String) -> Void

    private var wall: UInt64
    private var cpu: UInt64

    public init() { wall = DispatchTime.now().uptimeNanoseconds; cpu = Self.threadCPUNanoseconds() }

    /// Reports the time since the last lap (or the start) to `sink` and starts the next step.
    public mutating func lap(_ sink: Sink?, _ step: String, _ detail: @autoclosure () -> String) {
        guard let sink else { return }
        let nowWall = DispatchTime.now().uptimeNanoseconds, nowCPU = Self.threadCPUNanoseconds()
        sink(step, Double(nowWall &- wall) / 1e9, Double(nowCPU &- cpu) / 1e9, detail())
        wall = nowWall; cpu = nowCPU
    }

    static func threadCPUNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
