import SQLKit

/// Brings a database to the newest schema, one recorded version at a time, all in one transaction.
///
/// Safe when several instances start at once: on PostgreSQL the transaction first takes an advisory lock;
/// on SQLite `BEGIN IMMEDIATE` already makes writers take turns. The second runner then finds nothing to do.
public struct Migrator: Sendable {
    /// An arbitrary constant shared by every Citas instance: "CITAS" in ASCII.
    static let advisoryLockKey = 0x43_4954_4153

    let database: any AppDatabase

    public init(database: any AppDatabase) {
        self.database = database
    }

    /// Applies what is pending (up to `through`, for tests of a step) and returns the versions applied now (empty when
    /// already current).
    @discardableResult
    public func migrate(now: Int) async throws -> [Int] {
        try await migrate(now: now, through: .max)
    }

    @discardableResult
    func migrate(now: Int, through last: Int) async throws -> [Int] {
        let engine = database.engine
        return try await database.write { sql in
            if engine == .postgres {
                try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: Self.advisoryLockKey))").run()
            }
            try await sql.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"
            )
            let applied = Set(try await sql.raw("SELECT version FROM schema_migrations").all().map { try $0.decode(column: "version", as: Int.self) })
            if let newest = applied.max(), newest > Migrations.all.last?.version ?? 0 {
                throw SchemaTooNewError(found: newest)
            }
            var done: [Int] = []
            for migration in Migrations.all where !applied.contains(migration.version) && migration.version <= last {
                for statement in migration.statements(engine) { try await sql.execute(statement) }
                try await migration.code?(sql)
                try await sql.raw(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: now))"
                ).run()
                done.append(migration.version)
            }
            return done
        }
    }
}

extension Migrator {
    /// True when no migration was ever applied (a database to restore into).
    public func isEmpty() async throws -> Bool {
        try await pending().count == Migrations.all.count
    }

    /// Versions not yet applied (every one on an empty database), read without writing anything.
    public func pending() async throws -> [Int] {
        let engine = database.engine
        let applied: Set<Int> = try await database.read { sql in
            let exists =
                engine == .postgres
                ? "SELECT 1 AS present WHERE to_regclass('schema_migrations') IS NOT NULL"
                : "SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
            guard try await sql.raw(SQLQueryString(exists)).first() != nil else { return [] }
            return Set(try await sql.raw("SELECT version FROM schema_migrations").all().map { try $0.decode(column: "version", as: Int.self) })
        }
        return Migrations.all.map(\.version).filter { !applied.contains($0) }
    }
}

/// The database was migrated by a newer Citas than this one; running on it could corrupt data.
public struct SchemaTooNewError: Error, CustomStringConvertible {
    public let found: Int
    public var description: String { "database schema version \(found) is newer than this build knows; upgrade Citas" }
}
