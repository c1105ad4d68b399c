import SQLKit

/// Which engine is behind an `AppDatabase`; only DDL and a few locking clauses differ between them.
public enum DatabaseEngine: String, Sendable {
    case sqlite
    case postgres
}

/// The storage seam: every query runs either in a read or inside one write transaction.
///
/// Both implementations hand the body an `SQLDatabase`, so the same SQL text runs on SQLite and PostgreSQL.
/// A body that throws rolls its transaction back; nothing it wrote stays.
public protocol AppDatabase: Sendable {
    var engine: DatabaseEngine { get }

    /// Runs `body` on a connection for reading (a WAL reader on SQLite, a pooled connection on PostgreSQL).
    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs `body` in one write transaction (`BEGIN IMMEDIATE` on SQLite's single writer; `BEGIN` on PostgreSQL).
    /// `body` escapes because SQLite queues it until its batch runs (`SQLiteGroupWriter`).
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T

    /// Closes every connection; the database cannot be used afterwards.
    func close() async throws
}

extension SQLDatabase {
    /// Runs one literal statement (DDL, PRAGMA, transaction control).
    func execute(_ statement: String) async throws {
        try await raw("\(unsafeRaw: statement)").run()
    }

    /// Runs `body` under `SAVEPOINT name` inside the open transaction: when it throws, only its own work is undone
    /// and its error is returned, not thrown. Throws only when the savepoint itself cannot be set, released or
    /// rolled back to (the transaction is then in no known state: the caller rolls it back whole).
    func underSavepoint<T>(_ name: String, _ body: (any SQLDatabase) async throws -> T) async throws -> Result<T, any Error> {
        try await execute("SAVEPOINT \(name)")
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await body(self))
        } catch {
            try await execute("ROLLBACK TO SAVEPOINT \(name)")
            outcome = .failure(error)
        }
        try await execute("RELEASE SAVEPOINT \(name)")
        return outcome
    }
}

extension AppDatabase {
    /// Runs `body`, then closes the database whether `body` succeeded or threw.
    public func closing<T>(after body: () async throws -> T) async throws -> T {
        do {
            let result = try await body()
            try await close()
            return result
        } catch {
            try? await close()
            throw error
        }
    }
}
