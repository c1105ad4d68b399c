import CitasDomain
import CitasPersistence
import Foundation
import Logging

/// The long-lived things every controller needs: the database, the clock and the stores over them.
public struct AppContext: Sendable {
    public let database: any AppDatabase
    public let clock: any CitasClock
    public let offices: OfficeStore
    public let slots: SlotStore
    public let appointments: AppointmentStore
    public let calendar: CalendarStore
    public let accounts: AccountStore
    public let sessions: SessionStore
    public let emailRules: EmailRuleStore
    public let rateCounter: RateCounter
    public let loginFailures: LoginFailures
    public let outbox: OutboxStore
    public let proofOfWork: ProofOfWorkStore
    public let allocations: AllocationStore
    public let requests: StandingRequestStore
    public let risk: RiskStore
    public let clawBack: ClawBack
    public let staff: StaffStore
    public let agenda: AgendaStore
    public let reminders: ReminderStore
    public let fees: FeeStore
    public let payments: PaymentStore
    public let reports: ReportStore
    public let refusals: RefusalCounter
    public let passports: PassportStore
    public let resellerReports: ResellerReports
    public let dependents: DependentStore
    /// The deployment keys (outside the database): they sign proofs-of-work and seal mail that carries a link.
    public let secrets: DeploymentSecrets
    public let policy: BookingPolicy
    /// How long the most polled reads may be served from memory (see `ReadCache`).
    public let readCache: Duration
    /// Where bookings, draws, refusals, mail and jobs are counted for monitoring.
    public let metrics: CitasMetrics

    /// `readCache`: how long availability, a day's slots and the office catalogue may be served from memory (zero:
    /// never; `citas serve` keeps them a second).
    public init(
        database: any AppDatabase,
        clock: any CitasClock,
        secrets: DeploymentSecrets,
        policy: BookingPolicy = BookingPolicy(),
        readCache: Duration = .zero,
        metrics: CitasMetrics = CitasMetrics()
    ) {
        self.metrics = metrics
        self.database = database
        self.clock = clock
        self.secrets = secrets
        self.policy = policy
        self.readCache = readCache
        offices = OfficeStore(database: database, readCache: readCache)
        slots = SlotStore(database: database, clock: clock, policy: policy, readCache: readCache)
        appointments = AppointmentStore(database: database, clock: clock, policy: policy, metrics: metrics)
        calendar = CalendarStore(database: database)
        accounts = AccountStore(database: database, seal: SecretSeal(secrets: secrets, purpose: .mail))
        sessions = SessionStore(database: database)
        emailRules = EmailRuleStore(database: database)
        rateCounter = RateCounter(database: database)
        loginFailures = LoginFailures(database: database)
        outbox = OutboxStore(database: database, seal: SecretSeal(secrets: secrets, purpose: .mail))
        proofOfWork = ProofOfWorkStore(database: database)
        allocations = AllocationStore(database: database, clock: clock, policy: policy, metrics: metrics)
        requests = StandingRequestStore(database: database, clock: clock, policy: policy, metrics: metrics)
        risk = RiskStore(database: database, clock: clock)
        clawBack = ClawBack(database: database, clock: clock, policy: policy)
        staff = StaffStore(database: database, seal: SecretSeal(secrets: secrets, purpose: .totp))
        agenda = AgendaStore(database: database, clock: clock)
        reminders = ReminderStore(database: database, clock: clock)
        fees = FeeStore(database: database)
        payments = PaymentStore(database: database, clock: clock)
        reports = ReportStore(database: database)
        refusals = RefusalCounter(database: database, clock: clock, metrics: metrics)
        passports = PassportStore(database: database, clock: clock)
        resellerReports = ResellerReports(database: database, clock: clock)
        dependents = DependentStore(database: database, clock: clock)
    }

    /// The appointments as seen by one attempt that first pays `charges`, in the same transaction as its change.
    public func appointments(paying charges: AttemptCharges) -> AppointmentStore {
        AppointmentStore(database: ChargedDatabase(database, charges: charges), clock: clock, policy: policy, metrics: metrics)
    }

    /// The standing requests as seen by one attempt that first pays `charges`, in the same transaction as the request.
    public func requests(paying charges: AttemptCharges) -> StandingRequestStore {
        StandingRequestStore(database: ChargedDatabase(database, charges: charges), clock: clock, policy: policy, metrics: metrics)
    }

    /// Today's date in Mexico City, the reference day for identity checks such as "born in the future".
    public var today: LocalDate { LocalDate(clock.now(), in: TimeZone(identifier: "America/Mexico_City")!) }

    /// The account, if it exists and its e-mail is verified: only such accounts book or enter draws.
    public func verifiedAccount(_ id: String) async throws -> Account {
        guard let account = try await accounts.account(id: id) else { throw CitasError(.authenticationRequired) }
        guard account.isVerified else { throw CitasError(.accountNotVerified) }
        return account
    }

    /// Opens the configured engine: PostgreSQL when a URL is set, else the SQLite file.
    /// Every transaction is timed for monitoring (`MeasuredDatabase`).
    public static func openDatabase(_ config: AppConfig, logger: Logger) async throws -> any AppDatabase {
        if let url = config.databaseURL {
            return MeasuredDatabase(try PostgresAppDatabase(url: url, maximumConnections: config.databaseConnections, logger: logger))
        }
        return MeasuredDatabase(try await SQLiteAppDatabase.open(path: config.sqlitePath, logger: logger))
    }
}
