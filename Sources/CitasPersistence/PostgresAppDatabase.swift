import CoreMetrics
import Foundation
import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit

/// The production engine: PostgreSQL through a `PostgresClient` pool, shared by several app instances.
public final class PostgresAppDatabase: AppDatabase {
    public let engine = DatabaseEngine.postgres
    /// Where it connects (credentials included: never log it).
    public let url: String
    private let client: PostgresClient
    private let health = PoolHealth()
    /// Requests waiting for a pooled connection, and connections lent out, for monitoring.
    private let waiting: Meter
    private let inUse: Meter
    /// How long a request waits for a pooled connection, while nobody else gets one either, before it is refused
    /// as `database_unavailable`.
    public let acquireTimeout: Duration
    private let runner: Task<Void, Never>

    /// Connects lazily: the pool opens connections on first use and re-opens them after a server restart.
    public init(
        url: String,
        maximumConnections: Int = 20,
        acquireTimeout: Duration = .seconds(2),
        metrics: CitasMetrics = CitasMetrics(),
        logger: Logger
    ) throws {
        self.url = url
        waiting = metrics.connections("waiting")
        inUse = metrics.connections("in_use")
        self.acquireTimeout = acquireTimeout
        var configuration = try Self.configuration(from: url)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(5)
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let client = self.client
        runner = Task { await client.run() }
    }

    /// Parses `postgres://user:password@host:port/database?sslmode=disable|require`.
    static func configuration(from url: String) throws -> PostgresClient.Configuration {
        guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? ""),
            let host = parts.host, let user = parts.user
        else { throw DatabaseConfigurationError(url: url) }
        let sslMode = parts.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "prefer": tls = .prefer(.makeClientConfiguration())
        default: tls = .require(.makeClientConfiguration())
        }
        let database = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        return PostgresClient.Configuration(
            host: host,
            port: parts.port ?? 5432,
            username: user.removingPercentEncoding ?? user,
            password: parts.password?.removingPercentEncoding,
            database: database.isEmpty ? nil : database,
            tls: tls
        )
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withConnection { connection in try await body(connection.sql()) }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withConnection { connection in
            let sql = connection.sql()
            try await sql.execute("BEGIN")
            do {
                let result = try await body(sql)
                try await sql.execute("COMMIT")
                return result
            } catch {
                try? await sql.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body` on a pooled connection, or throws `DatabaseUnavailableError` when PostgreSQL looks down. The
    /// pool keeps requests waiting while it cannot connect (it retries in the background), so without this every
    /// request would hang for the whole outage instead of answering 503. "Down" is told from "busy" by the pool's
    /// recent history: a request gives up after `acquireTimeout` only if nobody got a connection in that time;
    /// while others do, it waits its turn (a flash crowd queues, it is not refused). A connection that arrives
    /// after the request gave up is handed back unused: the caller was told the work did not happen. After giving
    /// up, requests are refused at once for a second, so an outage costs most of them nothing but the answer.
    private func withConnection<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        guard !health.isRefusing else { throw DatabaseUnavailableError() }
        let (client, timeout, health, waiting, inUse) = (client, acquireTimeout, health, waiting, inUse)
        let lease = LeaseRace()
        waiting.increment()
        // Whoever did not get a connection stops waiting however it ended (timeout, cancellation, a pool error).
        defer { if !lease.wasAcquired { waiting.decrement() } }
        return try await withoutActuallyEscaping(body) { body in
            try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    try await client.withConnection { connection in
                        guard lease.acquire() else { throw DatabaseUnavailableError() }
                        waiting.decrement()
                        inUse.increment()
                        health.alive()
                        defer {
                            health.alive()  // a connection coming back is a sign of life too
                            inUse.decrement()
                        }
                        return try await body(connection)
                    }
                }
                group.addTask {
                    while !lease.isSettled {
                        try await Task.sleep(for: timeout)
                        if health.isStarved(for: timeout), lease.expire() {
                            health.refuse()
                            throw DatabaseUnavailableError()
                        }
                    }
                    return nil
                }
                while let result = try await group.next() {
                    if let value = result {
                        group.cancelAll()
                        return value
                    }
                }
                throw DatabaseUnavailableError()
            }
        }
    }

    public func close() async throws {
        runner.cancel()
        await runner.value
    }
}

/// A database URL Citas cannot use.
public struct DatabaseConfigurationError: Error, CustomStringConvertible {
    public let url: String
    public var description: String { "not a usable postgres:// URL (postgres://user:password@host:port/database)" }
}
