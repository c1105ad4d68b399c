import CitasDomain
import CitasPersistence
import Foundation
import Logging
import SQLKit

/// A throw-away, migrated database on one engine: a temporary SQLite file, or a fresh PostgreSQL database
/// created next to `CITAS_TEST_POSTGRES_URL` and dropped afterwards. Tests never share state.
public enum TestDatabase {
    /// SQLite always; PostgreSQL when CI (or a developer) provides a server.
    public static var engines: [DatabaseEngine] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["CITAS_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static let logger: Logger = {
        var logger = Logger(label: "citas-test")
        logger.logLevel = .error
        return logger
    }()

    /// Runs `body` with an empty database of `engine`, migrated unless `migrated` is false.
    public static func with<T: Sendable>(
        _ engine: DatabaseEngine,
        migrated: Bool = true,
        _ body: (any AppDatabase) async throws -> T
    ) async throws -> T {
        switch engine {
        case .sqlite: return try await withSQLite(migrated: migrated, body)
        case .postgres: return try await withPostgres(migrated: migrated, body)
        }
    }

    /// A second, independent handle on the same database (its own connections), standing for another app
    /// instance or process. The caller closes it.
    public static func anotherHandle(on database: any AppDatabase) async throws -> any AppDatabase {
        if let sqlite = database as? SQLiteAppDatabase { return try await SQLiteAppDatabase.open(path: sqlite.path, logger: logger) }
        if let postgres = database as? PostgresAppDatabase {
            return try PostgresAppDatabase(url: postgres.url, maximumConnections: 20, acquireTimeout: testAcquireTimeout, logger: logger)
        }
        fatalError("unknown database kind")
    }

    private static func withSQLite<T: Sendable>(migrated: Bool, _ body: (any AppDatabase) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("citas-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        // CITAS_SQLITE_MAXIMUM_BATCH=1 turns group commit off, for a bench to measure what it brings.
        let batch = ProcessInfo.processInfo.environment["CITAS_SQLITE_MAXIMUM_BATCH"].flatMap(Int.init) ?? 64
        let database = try await SQLiteAppDatabase.open(
            path: directory.appendingPathComponent("test.sqlite").path,
            maximumBatch: batch,
            logger: logger
        )
        return try await run(database, migrated: migrated, body)
    }

    private static let testAcquireTimeout = Duration.seconds(20)
    /// PostgreSQL-backed tests running at once: the suite would otherwise create and fill a hundred databases
    /// together on two cores, and connections then take longer than any sensible timeout.
    private static let postgresGate = TestGate(slots: 8)

    private static func withPostgres<T: Sendable>(migrated: Bool, _ body: (any AppDatabase) async throws -> T) async throws -> T {
        guard let base = postgresURL, var parts = URLComponents(string: base) else { fatalError("CITAS_TEST_POSTGRES_URL not set") }
        let name = "citas_t_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
        await postgresGate.enter()
        defer { Task { await postgresGate.leave() } }
        let admin = try PostgresAppDatabase(url: base, maximumConnections: 1, acquireTimeout: testAcquireTimeout, logger: logger)
        try await admin.read { sql in try await sql.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
        parts.path = "/\(name)"
        // CITAS_TEST_POSTGRES_CONNECTIONS sizes the pool, for a bench to compare pool sizes.
        let connections = ProcessInfo.processInfo.environment["CITAS_TEST_POSTGRES_CONNECTIONS"].flatMap(Int.init) ?? 40
        // Even with the gate, a first connection on a busy two-core machine can take seconds: waiting longer than the
        // server's 2 s outage breaker keeps load from failing tests at random (the breaker itself is tested against
        // `citas serve` by Tools/restart-test.py).
        let database = try PostgresAppDatabase(
            url: parts.string!,
            maximumConnections: connections,
            acquireTimeout: testAcquireTimeout,
            logger: logger
        )
        do {
            let result = try await run(database, migrated: migrated, body)
            try await drop(name, via: admin)
            return result
        } catch {
            try? await drop(name, via: admin)
            throw error
        }
    }

    private static func drop(_ name: String, via admin: PostgresAppDatabase) async throws {
        try await admin.read { sql in try await sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() }
        try await admin.close()
    }

    private static func run<T: Sendable>(
        _ database: any AppDatabase,
        migrated: Bool,
        _ body: (any AppDatabase) async throws -> T
    )
        async throws -> T
    {
        try await database.closing {
            if migrated { try await Migrator(database: database).migrate(now: 0) }
            return try await body(database)
        }
    }
}

/// A counting semaphore for tests: at most `slots` holders at once, the others wait in arrival order.
actor TestGate {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(slots: Int) {
        free = slots
    }

    func enter() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}
