import Foundation
import Logging
import SQLKit
import SQLiteKit
import SQLiteNIO

/// Backups of the embedded file, taken while it serves, and their restoration into an empty place.
public enum SQLiteBackup {
    /// Writes a consistent copy of the database at `source` to `destination` (which must not exist): `VACUUM INTO`
    /// reads one snapshot in its own connection — WAL lets writers carry on meanwhile — and writes a compact file,
    /// owner-only, checked before it is reported written.
    public static func backup(from source: String, to destination: String, logger: Logger) async throws {
        guard !FileManager.default.fileExists(atPath: destination) else { throw BackupError.destinationExists(destination) }
        let connection = try await SQLiteConnection.open(storage: .file(path: source), logger: logger)
        do {
            try await connection.sql().raw("PRAGMA busy_timeout = 10000").run()
            try await connection.sql().raw("VACUUM INTO \(bind: destination)").run()
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: destination)
        try await check(destination, logger: logger)
    }

    /// Puts the backup `file` at `destination` (which must not exist, nor its WAL), checked first, owner-only.
    public static func restore(from file: String, to destination: String, logger: Logger) async throws {
        for path in [destination, destination + "-wal", destination + "-shm"] where FileManager.default.fileExists(atPath: path) {
            throw BackupError.destinationExists(path)
        }
        try await check(file, logger: logger)
        let directory = URL(fileURLWithPath: destination).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.copyItem(atPath: file, toPath: destination)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: destination)
    }

    /// SQLite's own integrity check of every page and index of `file`.
    static func check(_ file: String, logger: Logger) async throws {
        let connection = try await SQLiteConnection.open(storage: .file(path: file), logger: logger)
        let verdict = try? await connection.sql().raw("PRAGMA integrity_check").first()?.decode(column: "integrity_check", as: String.self)
        try await connection.close()
        guard verdict == "ok" else { throw BackupError.damaged(file, verdict ?? "not a SQLite database") }
    }
}

/// A backup that cannot be written or restored as asked.
public enum BackupError: Error, CustomStringConvertible {
    case destinationExists(String)
    case damaged(String, String)
    case tool(String, Int32, String)

    public var description: String {
        switch self {
        case .destinationExists(let path): "\(path) exists already: choose a new file (a backup or a restore never overwrites)"
        case .damaged(let path, let verdict): "\(path) is not a sound SQLite database: \(verdict)"
        case .tool(let name, let status, let output): "\(name) failed (exit \(status)): \(output)"
        }
    }
}
