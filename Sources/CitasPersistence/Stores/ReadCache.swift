import Synchronization

/// A per-process memo of reads that every visitor repeats (an office, its availability, a day's slots), each kept at
/// most `lifetime`: what any instance writes shows everywhere within that time, and a crowd polling one office costs
/// the database one query per key per lifetime. A zero lifetime keeps nothing (every read goes to the database).
/// Seats are never decided from it: a booking claims its seat in the database.
public final class ReadCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    public let lifetime: Duration
    /// Keys kept at most; past it, expired entries go, and if none had expired, all of them.
    private let capacity: Int
    private let entries = Mutex<[Key: (until: ContinuousClock.Instant, value: Value)]>([:])

    public init(lifetime: Duration, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The value for `key`, loaded by `load` when absent or older than the lifetime.
    public func value(_ key: Key, load: () async throws -> Value) async throws -> Value {
        guard lifetime > .zero else { return try await load() }
        let now = ContinuousClock.now
        if let kept = entries.withLock({ $0[key] }), kept.until > now { return kept.value }
        let value = try await load()
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.until > now }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = (now + lifetime, value)
        }
        return value
    }

    /// Forgets everything, after a write this process made (the writer then sees its own change at once).
    public func removeAll() {
        entries.withLock { $0.removeAll() }
    }
}
