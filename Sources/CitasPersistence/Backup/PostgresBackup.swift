import Foundation

/// Logical backups of PostgreSQL with its own tools (`pg_dump` / `pg_restore`, custom format): one consistent snapshot
/// taken while the database serves. Continuous protection (a base backup plus archived WAL, for a restore to any
/// moment) is PostgreSQL's own and set up by the operator: see deploy/postgres/.
public enum PostgresBackup {
    /// Dumps the database at `url` to `destination` (which must not exist), owner-only.
    public static func backup(url: String, to destination: String) throws {
        guard !FileManager.default.fileExists(atPath: destination) else { throw BackupError.destinationExists(destination) }
        let connection = try PostgresTarget(url: url)
        try run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", destination], connection)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: destination)
    }

    /// Restores `file` into the (empty) database at `url`, all of it or nothing.
    public static func restore(from file: String, url: String) throws {
        let connection = try PostgresTarget(url: url)
        try run(
            "pg_restore",
            ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname", connection.database, file],
            connection
        )
    }

    /// Runs a PostgreSQL client tool with the connection in its environment (never on its command line, which every
    /// user of the machine can read).
    private static func run(_ name: String, _ arguments: [String], _ target: PostgresTarget) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try tool(name))
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(target.environment) { $1 }
        let output = Pipe()
        process.standardError = output
        process.standardOutput = output
        try process.run()
        let said = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BackupError.tool(name, process.terminationStatus, String(decoding: said.suffix(2000), as: UTF8.self))
        }
    }

    /// `name` on the PATH, else in the newest of Debian's /usr/lib/postgresql/*/bin.
    static func tool(_ name: String) throws -> String {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let debian = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted { $0.compare($1, options: .numeric) == .orderedDescending }.map { "/usr/lib/postgresql/\($0)/bin" }
        for directory in path + debian where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
            return "\(directory)/\(name)"
        }
        throw BackupError.tool(name, 127, "not found on the PATH nor in /usr/lib/postgresql/*/bin (apt-get install postgresql-client)")
    }
}

/// A `postgres://` URL as libpq's environment variables.
struct PostgresTarget {
    let database: String
    let environment: [String: String]

    init(url: String) throws {
        guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? ""), let host = parts.host,
            let user = parts.user
        else { throw DatabaseConfigurationError(url: url) }
        let name = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        database = name.isEmpty ? user : name
        var environment = [
            "PGHOST": host, "PGPORT": String(parts.port ?? 5432), "PGUSER": user.removingPercentEncoding ?? user, "PGDATABASE": database,
        ]
        if let password = parts.password { environment["PGPASSWORD"] = password.removingPercentEncoding ?? password }
        if let mode = parts.queryItems?.first(where: { $0.name == "sslmode" })?.value { environment["PGSSLMODE"] = mode }
        self.environment = environment
    }
}
