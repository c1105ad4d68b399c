import CoreMetrics

/// Every metric Citas records besides the HTTP requests (Hummingbird's `MetricsMiddleware` counts those), named in
/// one place because Prometheus refuses a name seen once with labels and once without, and every label set of a name
/// must have the same keys. Counts are made after the change they count committed.
///
/// The factory is the process's (`MetricsSystem`, bootstrapped by `citas serve` with Prometheus) unless one is given:
/// tests give their own registry and read exact figures without sharing a process-wide one.
public struct CitasMetrics: Sendable {
    private let given: (any MetricsFactory)?

    /// `factory`: nil reads the process's factory at each count (so one made before `citas serve` bootstraps still
    /// counts there).
    public init(factory: (any MetricsFactory)? = nil) {
        given = factory
    }

    var factory: any MetricsFactory { given ?? MetricsSystem.factory }

    /// Makes every series that has no label of its own exist at zero from the start: an alert on a rate or an absence
    /// then reads a real zero, not "no data".
    public func registerAtZero() {
        for channel in ["web", "api", "phone", "draw"] { booked(channel: channel, count: 0) }
        for name in [
            "citas_appointments_cancelled_total", "citas_appointments_moved_total", "citas_draw_requests_total", "citas_allocations_run_total",
            "citas_seats_allotted_total", "citas_pow_challenges_total", "citas_pow_solved_total", "citas_outbox_sent_total",
            "citas_outbox_failed_total", "citas_db_unavailable_total",
        ] {
            counter(name).increment(by: 0)
        }
    }

    // MARK: Appointments and allocation

    /// An appointment booked by a person (`web`, `api`, `phone`) or allotted by a draw (`draw`).
    public func booked(channel: String, count: Int = 1) {
        counter("citas_appointments_booked_total", [("channel", channel)]).increment(by: Int64(count))
    }

    public func cancelled() { counter("citas_appointments_cancelled_total").increment() }

    public func moved() { counter("citas_appointments_moved_total").increment() }

    /// People who filed a waiting request (a household waiting together counts each member).
    public func drawRequests(_ people: Int) { counter("citas_draw_requests_total").increment(by: Int64(people)) }

    /// One allocation (release draw or batch) ran and gave `seats` seats.
    public func allocationRan(seats: Int) {
        counter("citas_allocations_run_total").increment()
        counter("citas_seats_allotted_total").increment(by: Int64(seats))
    }

    // MARK: Abuse controls

    public func powIssued() { counter("citas_pow_challenges_total").increment() }

    public func powSolved() { counter("citas_pow_solved_total").increment() }

    /// A proof-of-work refused, by the error code that said why (`pow_invalid`, `pow_expired`, `pow_reused`…).
    public func powRefused(reason: String) { counter("citas_pow_refused_total", [("reason", reason)]).increment() }

    /// A request refused by a rate-limit rule (its name, e.g. `login`, `reads`).
    public func rateLimited(rule: String) { counter("citas_rate_limited_total", [("rule", rule)]).increment() }

    // MARK: Mail

    public func mailSent() { counter("citas_outbox_sent_total").increment() }

    public func mailFailed() { counter("citas_outbox_failed_total").increment() }

    /// What waits to be sent: how many messages, and how long the oldest has waited (0 when none).
    public func outbox(unsent: Int, oldestSeconds: Int) {
        gauge("citas_outbox_unsent").record(unsent)
        gauge("citas_outbox_oldest_unsent_seconds").record(oldestSeconds)
    }

    // MARK: Database

    /// A transaction (or a read) and how long it held its connection.
    public func transaction(engine: String, kind: String, nanoseconds: Int64) {
        Timer(label: "citas_db_transaction_seconds", dimensions: [("engine", engine), ("kind", kind)], factory: factory)
            .recordNanoseconds(nanoseconds)
    }

    /// Connections lent out (`in_use`) and requests waiting for one (`waiting`), as a running count.
    public func connections(_ state: String) -> Meter {
        Meter(label: "citas_db_connections", dimensions: [("state", state)], factory: factory)
    }

    /// A request refused because the database looked down.
    public func databaseUnavailable() { counter("citas_db_unavailable_total").increment() }

    // MARK: Background jobs

    /// One run of a periodic job: its duration, whether it failed, and (when it did not) the time it last succeeded.
    public func jobRan(_ job: String, nanoseconds: Int64, failed: Bool, at epoch: Int) {
        let name = [("job", job)]
        counter("citas_job_runs_total", name).increment()
        Timer(label: "citas_job_duration_seconds", dimensions: name, factory: factory).recordNanoseconds(nanoseconds)
        if failed {
            counter("citas_job_failures_total", name).increment()
        } else {
            gauge("citas_job_last_success_timestamp_seconds", name).record(epoch)
        }
    }

    /// Nanoseconds from `start` until now, for the timers.
    public static func nanoseconds(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = (ContinuousClock.now - start).components
        return elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000
    }

    private func counter(_ label: String, _ dimensions: [(String, String)] = []) -> Counter {
        Counter(label: label, dimensions: dimensions, factory: factory)
    }

    private func gauge(_ label: String, _ dimensions: [(String, String)] = []) -> Gauge {
        Gauge(label: label, dimensions: dimensions, factory: factory)
    }
}
