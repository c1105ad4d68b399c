import Foundation

/// What one phase of a load run did: how many requests, how fast, how slow at the tail, and which errors.
struct LoadSummary: Encodable, Sendable {
    let phase: String
    let requests: Int
    let successes: Int
    let seconds: Double
    /// Latency percentiles in milliseconds; nil for a phase that is not made of requests.
    var p50: Double? = nil
    var p95: Double? = nil
    var p99: Double? = nil
    /// "409 slot_full" → count; transport failures as "transport".
    var errors: [String: Int] = [:]

    var requestRate: Double { Double(requests) / seconds }
    var successRate: Double { Double(successes) / seconds }
}

/// Collects latencies and outcomes from concurrent clients. Latencies are kept whole (a run is at most a few
/// hundred thousand requests), so percentiles are exact rather than estimated.
final class LoadRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var milliseconds: [Double] = []
    private var errors: [String: Int] = [:]
    private var successes = 0

    /// One request: its latency, and nil when it answered as expected or the error key otherwise.
    func record(_ duration: Duration, error: String?) {
        let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        lock.withLock {
            milliseconds.append(ms)
            if let error { errors[error, default: 0] += 1 }
        }
    }

    /// Counts one completed unit of work (a booking, a draw request) apart from the requests it took.
    func succeeded() {
        lock.withLock { successes += 1 }
    }

    func summary(_ phase: String, seconds: Double) -> LoadSummary {
        lock.withLock {
            let sorted = milliseconds.sorted()
            func percentile(_ p: Double) -> Double {
                sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
            }
            return LoadSummary(
                phase: phase,
                requests: sorted.count,
                successes: successes,
                seconds: seconds,
                p50: percentile(0.50),
                p95: percentile(0.95),
                p99: percentile(0.99),
                errors: errors
            )
        }
    }
}
