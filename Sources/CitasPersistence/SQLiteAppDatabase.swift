import Foundation
import Logging
import SQLKit
import SQLiteKit
import SQLiteNIO

/// The embedded engine: one SQLite file in WAL mode, one writer connection that commits waiting transactions
/// together (`SQLiteGroupWriter`), several readers.
///
/// Every write is `BEGIN IMMEDIATE … COMMIT`: the write lock is taken up front, so a transaction never fails
/// half-way on a lock upgrade, and other processes on the same file wait (`busy_timeout`) instead of failing.
public final class SQLiteAppDatabase: AppDatabase {
    public let engine = DatabaseEngine.sqlite
    public let path: String
    private let writer: SQLiteGroupWriter
    private let readers: AsyncPool<SQLiteConnection>

    private init(path: String, writer: SQLiteGroupWriter, readers: [SQLiteConnection]) {
        self.path = path
        self.writer = writer
        self.readers = AsyncPool(readers)
    }

    /// Opens (creating if needed) the database file and its directory, both its owner's only (0600 and 0700; the
    /// WAL and shared-memory files SQLite makes take the database file's mode). `maximumBatch`: transactions committed
    /// together at most (1: each commits alone).
    public static func open(path: String, readerCount: Int = 4, maximumBatch: Int = 64, logger: Logger) async throws -> SQLiteAppDatabase {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        // WAL is a property of the file: set it once from the writer before any reader opens. Savepoints (one per
        // transaction of a batch) journal the pages they change: in memory, not in a temporary file.
        let writer = try await SQLiteWriterConnection.open(
            path: path,
            pragmas: settings + ["journal_mode = WAL", "synchronous = FULL", "temp_store = MEMORY"]
        )
        var readers: [SQLiteConnection] = []
        for _ in 0..<max(readerCount, 1) {
            let reader = try await connect(path: path, logger: logger)
            try await reader.sql().execute("PRAGMA query_only = ON")
            readers.append(reader)
        }
        return SQLiteAppDatabase(
            path: path,
            writer: SQLiteGroupWriter(connection: writer, maximumBatch: maximumBatch, logger: logger),
            readers: readers
        )
    }

    /// Every connection's settings: wait for another process's lock rather than fail, and enforce foreign keys.
    private static let settings = ["busy_timeout = 10000", "foreign_keys = ON"]

    private static func connect(path: String, logger: Logger) async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        for pragma in settings { try await connection.sql().execute("PRAGMA \(pragma)") }
        return connection
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await readers.withResource { try await body($0.sql()) }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await writer.write(body)
    }

    public func close() async throws {
        for connection in readers.all { try await connection.close() }
        writer.close()
    }
}
