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

    /// Opens the database, runs `body`, and always closes it.
    func withContext<T>(_ config: AppConfig, _ body: (AppContext) async throws -> T) async throws -> T {
        var logger = Logger(label: "citas")
        logger.logLevel = config.logLevel
        let database = try await AppContext.openDatabase(config, logger: logger)
        let context = AppContext(database: database, clock: SystemClock(), policy: config.policy)
        return try await database.closing { try await body(context) }
    }
}
