import CoreMetrics
import SQLKit

/// An engine whose every read and write transaction is timed, from the request for a connection (or a place in
/// SQLite's writer queue) to its end, and counted as unavailable when the engine says the database is down. What an
/// operator watches for "the database is slow" and "the database is gone", the same on both engines.
public final class MeasuredDatabase: AppDatabase {
    let base: any AppDatabase
    let metrics: CitasMetrics

    public init(_ base: any AppDatabase, metrics: CitasMetrics = CitasMetrics()) {
        self.base = base
        self.metrics = metrics
    }

    public var engine: DatabaseEngine { base.engine }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await timed("read") { try await base.read(body) }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await timed("write") { try await base.write(body) }
    }

    public func close() async throws { try await base.close() }

    private func timed<T>(_ kind: String, _ work: () async throws -> T) async throws -> T {
        let started = ContinuousClock.now
        defer { metrics.transaction(engine: engine.rawValue, kind: kind, nanoseconds: CitasMetrics.nanoseconds(since: started)) }
        do {
            return try await work()
        } catch {
            if DatabaseAvailability.isUnavailable(error) { metrics.databaseUnavailable() }
            throw error
        }
    }
}
