import NIOCore
import NIOPosix
import SQLiteNIO
import Synchronization
// SQLiteNIO's own copy of SQLite (its symbols are prefixed `sqlite_nio_`). The writer must use that same copy as the
// readers: two copies of SQLite in one process do not see each other's POSIX locks on the same file.
import VaporCSQLite

/// The one writer's connection, driven through SQLite's C API from the writer's own task, with its prepared
/// statements kept.
///
/// sqlite-nio runs every statement on a thread pool and answers on an event loop: three thread switches per statement
/// while the writer's lock is held, and every statement parsed again. A write transaction is a handful of short
/// statements on pages already in memory, so here each runs at once where its transaction runs (a thread of Swift's
/// cooperative pool), from a cache of prepared statements. What may wait long, on another process's lock
/// (`BEGIN IMMEDIATE`, up to `busy_timeout`) or on the disk (`COMMIT`'s fsync), runs on NIO's blocking-I/O pool
/// instead. Measured (`citas-bench booking`, three runs each): running the batches on a dedicated writer thread as a
/// task executor gave 2,600–2,900 HTTP bookings/s against 4,700–5,100 here (a thread wake-up per batch).
///
/// One task at a time uses it (the group writer's batches run one after another); the lock only guards the
/// statement cache should that ever change.
final class SQLiteWriterConnection: Sendable {
    /// The raw handle and its prepared statements, keyed by their SQL text; touched only under the lock.
    private struct State: ~Copyable, @unchecked Sendable {
        var handle: OpaquePointer?
        var statements: [String: OpaquePointer] = [:]
    }

    /// Prepared statements kept at most; past that the cache starts again (SQL whose text varies, such as a
    /// multi-row insert, must not grow it without end).
    static let cachedStatements = 256
    private let state: Mutex<State>

    private init(handle: OpaquePointer) {
        state = Mutex(State(handle: handle))
    }

    /// Opens `path` read-write (it exists: `SQLiteAppDatabase` made it with its mode) with extended result codes, and
    /// sets each of `pragmas` (`"name = value"`), on NIO's blocking-I/O pool.
    static func open(path: String, pragmas: [String]) async throws -> SQLiteWriterConnection {
        try await NIOThreadPool.singleton.runIfActive {
            var handle: OpaquePointer?
            let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_EXRESCODE
            let opened = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
            guard opened == SQLITE_OK, let handle else {
                let error = SQLiteStatementError(code: opened, message: handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "")
                sqlite_nio_sqlite3_close(handle)
                throw error
            }
            let connection = SQLiteWriterConnection(handle: handle)
            do {
                for pragma in pragmas { try connection.run("PRAGMA \(pragma)", []) { _ in } }
            } catch {
                connection.close()
                throw error
            }
            return connection
        }
    }

    /// Runs one statement here and now, handing each result row to `onRow`.
    func run(_ sql: String, _ binds: [SQLiteData], onRow: (SQLiteWriterRow) throws -> Void) throws {
        try state.withLock { state in
            guard let handle = state.handle else { throw SQLiteStatementError(code: SQLITE_MISUSE, message: "the writer is closed") }
            let statement = try Self.prepared(sql, in: &state, handle: handle)
            defer {
                sqlite_nio_sqlite3_reset(statement)
                sqlite_nio_sqlite3_clear_bindings(statement)
            }
            try Self.bind(binds, to: statement, handle: handle)
            var columns: [String]?
            while true {
                let stepped = sqlite_nio_sqlite3_step(statement)
                if stepped == SQLITE_DONE { return }
                guard stepped == SQLITE_ROW else { throw SQLiteStatementError(code: stepped, handle: handle) }
                let names = columns ?? Self.columnNames(of: statement)
                columns = names
                try onRow(SQLiteWriterRow(columns: names, values: try (0..<Int32(names.count)).map { try Self.value(at: $0, of: statement) }))
            }
        }
    }

    /// Runs one statement that may wait on another process's lock or on the disk, on NIO's blocking-I/O pool.
    func runBlocking(_ sql: String) async throws {
        try await NIOThreadPool.singleton.runIfActive { try self.run(sql, []) { _ in } }
    }

    /// Finalizes every kept statement and closes the handle; the connection cannot be used afterwards.
    func close() {
        state.withLock { state in
            for statement in state.statements.values { sqlite_nio_sqlite3_finalize(statement) }
            state.statements = [:]
            sqlite_nio_sqlite3_close_v2(state.handle)
            state.handle = nil
        }
    }

    private static func prepared(_ sql: String, in state: inout State, handle: OpaquePointer) throws -> OpaquePointer {
        if let kept = state.statements[sql] { return kept }
        if state.statements.count >= cachedStatements {
            for statement in state.statements.values { sqlite_nio_sqlite3_finalize(statement) }
            state.statements = [:]
        }
        var statement: OpaquePointer?
        let prepared = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard prepared == SQLITE_OK else { throw SQLiteStatementError(code: prepared, handle: handle) }
        // Blank SQL (a comment only) prepares to nothing: there is nothing to run.
        guard let statement else { throw SQLiteStatementError(code: SQLITE_MISUSE, message: "empty statement") }
        state.statements[sql] = statement
        return statement
    }

    private static func bind(_ binds: [SQLiteData], to statement: OpaquePointer, handle: OpaquePointer) throws {
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let bound: Int32 =
                switch value {
                case .integer(let integer): sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
                case .float(let double): sqlite_nio_sqlite3_bind_double(statement, index, double)
                case .text(let text):
                    sqlite_nio_sqlite3_bind_text64(statement, index, text, UInt64(text.utf8.count), transient, UInt8(SQLITE_UTF8))
                case .blob(let buffer):
                    buffer.withUnsafeReadableBytes {
                        sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), transient)
                    }
                case .null: sqlite_nio_sqlite3_bind_null(statement, index)
                }
            guard bound == SQLITE_OK else { throw SQLiteStatementError(code: bound, handle: handle) }
        }
    }

    private static func columnNames(of statement: OpaquePointer) -> [String] {
        (0..<sqlite_nio_sqlite3_column_count(statement)).map { column in
            sqlite_nio_sqlite3_column_name(statement, column).map { String(cString: $0) } ?? ""
        }
    }

    private static func value(at column: Int32, of statement: OpaquePointer) throws -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT: return .text(sqlite_nio_sqlite3_column_text(statement, column).map { String(cString: $0) } ?? "")
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) { buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count)) }
            return .blob(buffer)
        default: return .null
        }
    }

    /// SQLite copies bound text and blobs before the call returns (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// What SQLite answered when a statement of the writer failed: its extended result code and message.
struct SQLiteStatementError: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    init(code: Int32, handle: OpaquePointer) {
        self.init(code: code, message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
    }

    /// A UNIQUE or PRIMARY KEY constraint failed (extended codes `SQLITE_CONSTRAINT_UNIQUE` and
    /// `SQLITE_CONSTRAINT_PRIMARYKEY`, whose C macros Swift does not import).
    var isUniqueViolation: Bool { code == SQLITE_CONSTRAINT | (8 << 8) || code == SQLITE_CONSTRAINT | (6 << 8) }

    var description: String { "SQLite error \(code): \(message)" }
}
