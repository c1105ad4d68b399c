import Configuration
import Logging

/// Everything an operator can set. Each value comes from a command-line flag, else an environment variable
/// (`CITAS_` + the key in upper case with `_` for `.`, e.g. `CITAS_HTTP_PORT`), else the default.
public struct AppConfig: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// `postgres://…` selects PostgreSQL; absent means the embedded SQLite file.
    public var databaseURL: String?
    public var sqlitePath = "./data/citas.sqlite"
    /// How many days ahead the slot service keeps open.
    public var horizonDays = 60
    /// Migrate and seed on start; when unset: yes for SQLite, no for PostgreSQL (where `citas migrate` is the norm).
    public var autoMigrate: Bool?
    public var logLevel = Logger.Level.info

    public init() {}

    public var migratesOnStart: Bool { autoMigrate ?? (databaseURL == nil) }

    /// Reads the `citas.*` keys.
    public init(reader: ConfigReader) {
        let citas = reader.scoped(to: "citas")
        host = citas.string(forKey: "http.host") ?? host
        port = citas.int(forKey: "http.port") ?? port
        databaseURL = citas.string(forKey: "database.url", isSecret: true)
        sqlitePath = citas.string(forKey: "sqlite.path") ?? sqlitePath
        horizonDays = citas.int(forKey: "slots.horizon.days") ?? horizonDays
        autoMigrate = citas.bool(forKey: "database.auto.migrate")
        logLevel = citas.string(forKey: "log.level").flatMap(Logger.Level.init(rawValue:)) ?? logLevel
    }

    /// The configuration from the process environment; command-line flags are applied on top by the caller.
    public static func fromEnvironment() -> AppConfig {
        AppConfig(reader: ConfigReader(provider: EnvironmentVariablesProvider()))
    }
}
