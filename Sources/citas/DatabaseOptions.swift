import ArgumentParser
import CitasDomain
import CitasPersistence
import CitasServer
import Logging

/// Flags shared by every command that opens the database.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "PostgreSQL URL (postgres://user:pass@host:port/db). Default: the embedded SQLite file. Env: CITAS_DATABASE_URL")
    var databaseURL: String?

    @Option(help: "SQLite file when no database URL is set. Env: CITAS_SQLITE_PATH (default ./data/citas.sqlite)")
    var sqlitePath: String?

    /// The environment's configuration with these flags applied on top.
    func config() -> AppConfig {
        var config = AppConfig.fromEnvironment()
        if let databaseURL { config.databaseURL = databaseURL }
        if let sqlitePath { config.sqlitePath = sqlitePath }
        return config
    }

    /// Opens the database, runs `body`, and always closes it. The embedded file is migrated and seeded first, as
    /// `serve` does, so every command works on a fresh directory; PostgreSQL is migrated by `citas migrate` only,
    /// and a command on an unmigrated one says so instead of failing on a missing table.
    func withContext<T>(_ config: AppConfig, requireSchema: Bool = true, _ body: (AppContext) async throws -> T) async throws -> T {
        var logger = Logger(label: "citas")
        logger.logLevel = config.logLevel
        let secrets = try DeploymentSecrets.load(path: config.secretsFile)
        let database = try await AppContext.openDatabase(config, logger: logger)
        let context = AppContext(
            database: database,
            clock: config.clock,
            secrets: secrets,
            policy: config.policy,
            readCache: .milliseconds(config.readCacheMilliseconds)
        )
        return try await database.closing {
            if requireSchema {
                if config.migratesOnStart {
                    try await Setup.migrate(context)
                    try await Setup.seedCatalogue(context)
                } else if try await !Migrator(database: database).pending().isEmpty {
                    throw ValidationError("the database schema is not current: run `citas migrate` first")
                }
            }
            return try await body(context)
        }
    }
}
