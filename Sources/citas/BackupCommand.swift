import ArgumentParser
import CitasPersistence
import CitasServer
import Logging

/// `citas backup --out FILE`: a consistent copy of the database while it serves.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent backup of the database while it serves (SQLite: VACUUM INTO; PostgreSQL: pg_dump).",
        discussion:
            "The file is owner-only and never overwritten. It holds the database only: the deployment keys file and the PKI directory are backed up apart from it (never beside it)."
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The backup file to write (must not exist).") var out: String

    func run() async throws {
        let config = database.config()
        if let url = config.databaseURL {
            try PostgresBackup.backup(url: url, to: out)
        } else {
            try await SQLiteBackup.backup(from: config.sqlitePath, to: out, logger: Logger(label: "citas"))
        }
        print("backup written to \(out)")
    }
}

/// `citas restore --from FILE`: the backup into an empty place, then the audit log verified.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into an empty database (SQLite: a path with no file; PostgreSQL: an empty database), then verify it.",
        discussion:
            "Put the deployment keys file and the PKI directory back from their own copy; then run `citas migrate` if the code is newer than the backup."
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The backup file written by `citas backup`.") var from: String

    func run() async throws {
        let config = database.config()
        if let url = config.databaseURL {
            let empty = try await database.withContext(config, requireSchema: false) { try await Migrator(database: $0.database).isEmpty() }
            guard empty else { throw ValidationError("the database is not empty: restore into a new database") }
            try PostgresBackup.restore(from: from, url: url)
        } else {
            try await SQLiteBackup.restore(from: from, to: config.sqlitePath, logger: Logger(label: "citas"))
        }
        var check = config
        check.autoMigrate = false
        let (verified, summary) = try await database.withContext(check, requireSchema: false) { context in
            (try await AuditChain.verify(context.database), try await BackupSummary.read(context.database))
        }
        print("restored: \(summary)")
        if let found = verified.firstBreak {
            print("audit log BROKEN: \(found)")
            throw ExitCode(1)
        }
        print("audit log verified: \(verified.chainedRows) chained rows, \(verified.historyRows) from before the chain")
    }
}
