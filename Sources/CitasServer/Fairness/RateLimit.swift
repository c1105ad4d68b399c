import CitasDomain
import CitasPersistence
import Foundation
import Hummingbird
import Synchronization

/// A limit: at most `limit` hits per `window` seconds for one key.
public struct RateRule: Sendable {
    public enum Key: Sendable {
        /// The client's address (see `ClientAddressMiddleware`).
        case address
        /// The signed-in account (one account per CURP, so this is also per CURP).
        case account
        /// Nothing beyond the rule's name: one bucket for everyone (e.g. per office, with the office in the name).
        case shared
    }

    public let name: String
    public let key: Key
    public let limit: Int
    public let window: Int
    /// Database counters hold across instances; memory counters are per instance and cost no write (for reads).
    public let shared: Bool

    public init(name: String, key: Key, limit: Int, window: Int, shared: Bool) {
        self.name = name
        self.key = key
        self.limit = limit
        self.window = window
        self.shared = shared
    }
}

/// Counts attempts against rules and refuses with 429 and `Retry-After` once any rule is exhausted.
public struct RateLimiter: Sendable {
    /// The limits Citas applies; every attempt counts, successful or not.
    public struct Rules: Sendable {
        /// Any page or API request, per address, per instance (availability polling by bots).
        public var reads = RateRule(name: "read", key: .address, limit: 300, window: 60, shared: false)
        public var registrations = [RateRule(name: "register", key: .address, limit: 10, window: 3600, shared: true)]
        public var bookings = [
            RateRule(name: "book:account", key: .account, limit: 20, window: 3600, shared: true),
            RateRule(name: "book:address", key: .address, limit: 100, window: 3600, shared: true),
        ]

        public var drawRequests = [
            RateRule(name: "draw:account", key: .account, limit: 10, window: 3600, shared: true),
            RateRule(name: "draw:address", key: .address, limit: 50, window: 3600, shared: true),
        ]

        public init() {}
    }

    let database: any AppDatabase
    let memory = MemoryRateCounter()
    let clock: any CitasClock

    /// Where refusals are counted for the reports (in memory, flushed periodically).
    let refusals: RefusalCounter?

    init(database: any AppDatabase, clock: any CitasClock, refusals: RefusalCounter? = nil) {
        self.database = database
        self.clock = clock
        self.refusals = refusals
    }

    /// Counts one attempt against `rules` now, in one transaction for the shared ones.
    func check(_ rules: [RateRule], _ context: AppRequestContext) async throws {
        let hits = try hits(rules, context)
        guard !hits.isEmpty else { return }
        try await counting { try await database.pay(AttemptCharges(hits: hits, now: clock.now().epoch)) }
    }

    /// The hits an attempt pays in its own transaction (`AttemptCharges`) for the shared rules; the per-instance
    /// rules are counted here and now (and refuse at once).
    func hits(_ rules: [RateRule], _ context: AppRequestContext) throws -> [AttemptCharges.Hit] {
        let now = clock.now().epoch
        var hits: [AttemptCharges.Hit] = []
        for rule in rules {
            let subject: String
            switch rule.key {
            case .address: subject = context.clientAddress
            case .account: subject = try context.requireAccount()
            case .shared: subject = "all"
            }
            let hit = AttemptCharges.Hit(rule: rule.name, subject: subject, window: rule.window, limit: rule.limit)
            if rule.shared {
                hits.append(hit)
            } else if memory.hit(hit.bucket, now: now, window: rule.window) > rule.limit {
                let refusal = CitasError(.rateLimited, detail: rule.name, retryAfter: rule.window - now % rule.window)
                refusals?.count(refusal)
                throw refusal
            }
        }
        return hits
    }

    /// Runs `attempt`, counting a refusal by a limit or a replayed proof (both decided in the database) for the reports.
    func counting<T>(_ attempt: () async throws -> T) async throws -> T {
        do {
            return try await attempt()
        } catch let error as CitasError where [.rateLimited, .powReplayed].contains(error.code) {
            refusals?.count(error)
            throw error
        }
    }
}

/// Applies one limit to every request, pages and API alike (a poller gains nothing by switching from one to the
/// other), except the static files a page load brings and the health probes of the load balancer.
struct RateLimitMiddleware: RouterMiddleware {
    let limiter: RateLimiter
    let rule: RateRule

    func handle(
        _ request: Request,
        context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws
        -> Response
    {
        let path = request.uri.path
        if !(path.hasPrefix("/static/") || path == "/health" || path == "/ready") { try await limiter.check([rule], context) }
        return try await next(request, context)
    }
}

/// Per-instance fixed-window counters for cheap limits on reads.
final class MemoryRateCounter: Sendable {
    private let windows = Mutex<[String: (start: Int, hits: Int)]>([:])

    func hit(_ bucket: String, now: Int, window: Int) -> Int {
        let start = now - now % window
        return windows.withLock { windows in
            if windows.count > 100_000 { windows = windows.filter { $0.value.start == start } }
            let hits = windows[bucket]?.start == start ? windows[bucket]!.hits + 1 : 1
            windows[bucket] = (start, hits)
            return hits
        }
    }
}
