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
    private let runner: Task<Void, Never>

    /// Connects lazily: the pool opens connections on first use and re-opens them after a server restart.
    public init(url: String, maximumConnections: Int = 20, logger: Logger) throws {
        self.url = url
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
        try await client.withConnection { connection in try await body(connection.sql()) }
    }

    public func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
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
