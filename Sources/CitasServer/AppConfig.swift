import CitasDomain
import Configuration
import Foundation
import Logging

/// Everything an operator can set. Each value comes from a command-line flag, else an environment variable
/// (`CITAS_` + the key in upper case with `_` for `.`, e.g. `CITAS_HTTP_PORT`), else the default.
public struct AppConfig: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// A connection silent this long (no request, or a head that never ends) is closed.
    public var httpIdleSeconds = 30
    /// A request whose body has not all arrived this long after its head is dropped.
    public var httpRequestSeconds = 30
    /// `postgres://…` selects PostgreSQL; absent means the embedded SQLite file.
    public var databaseURL: String?
    /// PostgreSQL connections this instance keeps at most. Fewer than the requests in flight is faster on a busy
    /// server: requests queue in order for a connection instead of PostgreSQL switching among more backends than it has
    /// cores (measured in docs/measurements.md).
    public var databaseConnections = 20
    public var sqlitePath = "./data/citas.sqlite"
    /// How many days ahead slots exist: the 60 released days plus the one waiting for its draw at 09:00.
    public var horizonDays = 61
    /// Migrate and seed on start; when unset: yes for SQLite, no for PostgreSQL (where `citas migrate` is the norm).
    public var autoMigrate: Bool?
    public var logLevel = Logger.Level.info
    /// One JSON object per line (the default: nothing a request sends can forge a line) or escaped text.
    public var logFormat = LineLogHandler.Format.json
    /// The base of links in e-mails when the operator sets one (`CITAS_PUBLIC_URL`).
    public var configuredPublicURL: String?
    /// The base of links in e-mails: the configured one, else this server's own address, so `--port` moves the
    /// links with the server.
    public var publicURL: String { configuredPublicURL ?? "http://\(host):\(port)" }
    /// An HTTP CURP registry (RENAPO gateway); none means the local rules.
    public var curpRegistryURL: URL?
    /// Where the default mail transport writes `.eml` files.
    public var outboxDirectory = "./data/outbox"
    /// How long an instance holds a claimed outbox message before another may send it: longer than the slowest
    /// SMTP exchange (its replies time out after 60 s), short enough that a crashed sender's mail is not held up.
    public var outboxLeaseSeconds = 120
    /// Messages sent at once (each its own SMTP connection): a burst of confirmations goes out this many at a time.
    public var outboxLanes = 4
    /// Leading zero bits every proof-of-work needs before the account's risk adds more (18 ≈ a quarter second in a phone's
    /// browser). Load tests lower it so they measure Citas, not SHA-256 in Python.
    public var powBaseDifficulty = 18
    /// How long after slots are created a day whose release instant has passed is released by its launch draw (a
    /// first start, a new office, a longer horizon): long enough to announce it, so nobody races for a new day.
    public var launchNoticeSeconds = 15 * 60
    /// The deployment keys (proof-of-work signing, sealed mail): owner-only, outside the database, the same file on
    /// every instance; created on first use, rotated with `citas secrets rotate`.
    public var secretsFile = "./data/secrets.key"
    /// Sent mail is kept (without its body) this many days for the operator's view, then deleted.
    public var sentMailRetentionDays = 30
    /// The e-passport PKI (`citas pki init`); `serve` creates one here on first start when it is missing.
    public var pkiDirectory = "./data/pki"
    /// SMTP relay; when set, mail goes there instead of to files.
    public var smtp: SMTPSettings?
    /// Seconds added to the machine's clock for every decision Citas makes (`CITAS_CLOCK_OFFSET_SECONDS`): a rehearsal
    /// of a given day, or an end-to-end test of a weekday morning on any real date. Zero (the default) in service.
    public var clockOffsetSeconds = 0
    /// Where `/metrics` listens (`CITAS_METRICS_HOST`, `CITAS_METRICS_PORT`): loopback unless the operator opens it to
    /// the monitoring network; port 0 turns it off.
    public var metricsHost = "127.0.0.1"
    public var metricsPort = 9464
    /// Reverse proxies whose `X-Forwarded-For` header is believed (exact addresses).
    public var trustedProxies: Set<String> = []

    /// The clock every decision reads: the machine's, shifted by `clockOffsetSeconds` when that is set.
    public var clock: any CitasClock { clockOffsetSeconds == 0 ? SystemClock() : OffsetClock(seconds: clockOffsetSeconds) }
    /// How long availability, a day's slots and the office catalogue are served from memory (0 to 1,000 ms): what a
    /// polling crowd sees is at most this old; a booking still claims its seat in the database.
    public var readCacheMilliseconds = 1000
    /// The help line shown on every page (`CITAS_HELP_PHONE`; digits, spaces, `+` and `-`, at most 30 characters).
    public var helpPhone = AppConfig.defaultHelpPhone
    /// The ministry's public passport line, until the operator names their own.
    public static let defaultHelpPhone = "800 801 0773"

    public init() {}

    public var migratesOnStart: Bool { autoMigrate ?? (databaseURL == nil) }

    /// The booking and allocation rules with what the operator set.
    public var policy: BookingPolicy {
        var policy = BookingPolicy()
        policy.launchNotice = launchNoticeSeconds
        return policy
    }

    /// SMTP when configured, else `.eml` files.
    public func mailTransport() throws -> any MailTransport {
        if let smtp { return SMTPTransport(settings: smtp) }
        return EmlFileTransport(directory: URL(fileURLWithPath: outboxDirectory), from: "citas@localhost")
    }

    /// Reads the `citas.*` keys.
    public init(reader: ConfigReader) {
        let citas = reader.scoped(to: "citas")
        host = citas.string(forKey: "http.host") ?? host
        port = citas.int(forKey: "http.port") ?? port
        metricsHost = citas.string(forKey: "metrics.host") ?? metricsHost
        metricsPort = min(max(citas.int(forKey: "metrics.port") ?? metricsPort, 0), 65535)
        httpIdleSeconds = min(max(citas.int(forKey: "http.idle.seconds") ?? httpIdleSeconds, 1), 3600)
        httpRequestSeconds = min(max(citas.int(forKey: "http.request.seconds") ?? httpRequestSeconds, 1), 3600)
        databaseURL = citas.string(forKey: "database.url", isSecret: true)
        databaseConnections = min(max(citas.int(forKey: "database.connections") ?? databaseConnections, 1), 500)
        sqlitePath = citas.string(forKey: "sqlite.path") ?? sqlitePath
        horizonDays = citas.int(forKey: "slots.horizon.days") ?? horizonDays
        powBaseDifficulty = min(max(citas.int(forKey: "pow.base.difficulty") ?? powBaseDifficulty, 0), 32)
        autoMigrate = citas.bool(forKey: "database.auto.migrate")
        logLevel = citas.string(forKey: "log.level").flatMap(Logger.Level.init(rawValue:)) ?? logLevel
        logFormat = citas.string(forKey: "log.format").flatMap(LineLogHandler.Format.init(rawValue:)) ?? logFormat
        configuredPublicURL = citas.string(forKey: "public.url")
        curpRegistryURL = citas.string(forKey: "curp.registry.url").flatMap(URL.init(string:))
        outboxDirectory = citas.string(forKey: "outbox.directory") ?? outboxDirectory
        outboxLeaseSeconds = max(citas.int(forKey: "outbox.lease.seconds") ?? outboxLeaseSeconds, 1)
        outboxLanes = min(max(citas.int(forKey: "outbox.lanes") ?? outboxLanes, 1), 32)
        pkiDirectory = citas.string(forKey: "pki.directory") ?? pkiDirectory
        secretsFile = citas.string(forKey: "secrets.file") ?? secretsFile
        sentMailRetentionDays = min(max(citas.int(forKey: "outbox.retention.days") ?? sentMailRetentionDays, 1), 3650)
        readCacheMilliseconds = min(max(citas.int(forKey: "read.cache.ms") ?? readCacheMilliseconds, 0), 1000)
        launchNoticeSeconds = min(max(citas.int(forKey: "launch.notice.seconds") ?? launchNoticeSeconds, 0), 30 * 86_400)
        // At most ten years either way: enough for any rehearsal, never a date arithmetic can overflow on.
        clockOffsetSeconds = min(max(citas.int(forKey: "clock.offset.seconds") ?? 0, -10 * 366 * 86_400), 10 * 366 * 86_400)
        if let phone = citas.string(forKey: "help.phone"), (1...30).contains(phone.count),
            phone.allSatisfy({ ($0.isASCII && $0.isNumber) || " +-".contains($0) })
        {
            helpPhone = phone
        }
        trustedProxies = Set((citas.string(forKey: "trusted.proxies") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            .subtracting([""])
        if let host = citas.string(forKey: "smtp.host") {
            smtp = SMTPSettings(
                host: host,
                port: citas.int(forKey: "smtp.port") ?? 587,
                username: citas.string(forKey: "smtp.username"),
                password: citas.string(forKey: "smtp.password", isSecret: true),
                from: citas.string(forKey: "smtp.from") ?? "citas@localhost",
                requireTLS: citas.bool(forKey: "smtp.require.tls") ?? false
            )
        }
    }

    /// The configuration from the process environment; command-line flags are applied on top by the caller.
    public static func fromEnvironment() -> AppConfig {
        AppConfig(reader: ConfigReader(provider: EnvironmentVariablesProvider()))
    }
}
