import CitasDomain
import CitasPassport
import CitasPersistence
import Hummingbird
import HummingbirdCore
import Logging
import Prometheus
import ServiceLifecycle

/// Everything the router needs beyond the stores.
public struct RouterDependencies: Sendable {
    public var horizonDays = 61
    public var hasher = PasswordHasher()
    public var registry: any CurpRegistry = LocalCurpRegistry()
    public var identity = IdentityService.Settings()
    public var proofOfWork = ProofOfWorkService.Settings()
    public var rateLimits = RateLimiter.Rules()
    /// Addresses of reverse proxies whose `X-Forwarded-For` is believed.
    public var trustedProxies: Set<String> = []
    /// The e-passport PKI that signs issued passports and whose CSCA verifies them.
    public var pki: PKIDirectory?
    /// The help line in every page's footer and on the help page.
    public var helpPhone = AppConfig.defaultHelpPhone

    public init() {}
}

/// Builds the router with every controller and middleware. Separate from the application so tests can
/// drive it in memory with `app.test(.router)`.
public func buildRouter(app: AppContext, dependencies: RouterDependencies = RouterDependencies()) throws -> Router<AppRequestContext> {
    let identity = IdentityService(
        app: app,
        hasher: dependencies.hasher,
        registry: dependencies.registry,
        policy: try EmailPolicy.shipped,
        settings: dependencies.identity
    )
    let pow = ProofOfWorkService(
        store: app.proofOfWork,
        secrets: app.secrets,
        clock: app.clock,
        settings: dependencies.proofOfWork,
        refusals: app.refusals,
        metrics: app.metrics
    )
    let limiter = RateLimiter(database: app.database, clock: app.clock, refusals: app.refusals)
    let limits = dependencies.rateLimits
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    // Outermost, so it sees the status the client got (errors already turned into pages) and the route's template.
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: RequestLogMiddleware(secrets: app.secrets))
    router.add(middleware: SecurityHeadersMiddleware(strictTransportSecurity: dependencies.identity.secureCookies))
    let renderer = try WebRenderer(helpPhone: dependencies.helpPhone)
    router.add(middleware: ErrorMiddleware(pages: ErrorPages(renderer: renderer)))
    router.add(middleware: ClientAddressMiddleware(trustedProxies: dependencies.trustedProxies))
    router.add(middleware: RequestOriginMiddleware())
    router.add(middleware: RateLimitMiddleware(limiter: limiter, rule: limits.reads))
    SystemController(app: app).register(on: router)
    let actions = CitizenActions(app: app, pow: pow, limiter: limiter, limits: limits)
    try registerPages(
        on: router,
        web: Web(app: app, renderer: renderer, identity: identity, pow: pow, limiter: limiter, limits: limits),
        actions: actions,
        hasher: dependencies.hasher,
        pki: dependencies.pki,
        horizonDays: dependencies.horizonDays
    )
    let api = router.group("api/v1")
    let authenticated = router.group("api/v1").add(middleware: AuthenticationMiddleware(sessions: app.sessions, clock: app.clock))
    OfficesController(app: app).register(on: api)
    PassportsController(pki: dependencies.pki).register(on: api)
    ProofOfWorkController(app: app, pow: pow).register(on: api)
    AccountsController(app: app, identity: identity, pow: pow, limiter: limiter, limits: limits).register(public: api, authenticated: authenticated)
    AppointmentsController(app: app, actions: actions).register(on: authenticated)
    HouseholdController(app: app, actions: actions, household: HouseholdActions(app: app, identity: identity, limiter: limiter))
        .register(on: authenticated)
    DrawsController(app: app, actions: actions).register(public: api, authenticated: authenticated)
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
    return router
}

/// The citizen's pages under `/es` and `/en`, and their stylesheet and script.
func registerPages(
    on router: Router<AppRequestContext>,
    web: Web,
    actions: CitizenActions,
    hasher: PasswordHasher,
    pki: PKIDirectory?,
    horizonDays: Int
) throws {
    try StaticFiles().register(on: router)
    HomePages(web: web).register(on: router)
    PowPages(web: web).register(on: router)
    InfoPages(web: web).register(on: router)
    RegisterPages(web: web).register(on: router)
    SessionPages(web: web).register(on: router)
    VerificationPages(web: web).register(on: router)
    AccountPages(web: web).register(on: router)
    PaymentSheetPages(web: web).register(on: router)
    OfficePages(web: web, actions: actions, horizonDays: horizonDays).register(on: router)
    AppointmentPages(web: web, actions: actions).register(on: router)
    FamilyPages(web: web, actions: actions, household: HouseholdActions(app: web.app, identity: web.identity, limiter: web.limiter))
        .register(on: router)
    let staff = StaffWeb(web: web, staff: web.app.staff, hasher: hasher)
    StaffSessionPages(staff: staff).register(on: router)
    SecondFactorPages(staff: staff).register(on: router)
    StaffMembersPages(staff: staff).register(on: router)
    AgendaPages(staff: staff, agenda: web.app.agenda).register(on: router)
    VerifyPages(staff: staff).register(on: router)
    PaymentPages(staff: staff, payments: web.app.payments).register(on: router)
    ReportPages(staff: staff, reports: web.app.reports).register(on: router)
    ReviewPages(staff: staff).register(on: router)
    SettingsPages(staff: staff).register(on: router)
    PassportPages(staff: staff, issuer: pki.map { PassportIssuer(store: web.app.passports, pki: $0) }).register(on: router)
    PhonePages(staff: staff).register(on: router)
}

/// HTTP/1.1 with two clocks against slow clients: a connection that sends nothing (or never finishes a head) for
/// `idleSeconds` is closed, and so is one whose request body is not all there `requestSeconds` after its head.
public func httpServer(idleSeconds: Int, requestSeconds: Int) -> HTTPServerBuilder {
    .http1(
        configuration: .init(
            additionalChannelHandlers: [RequestDeadlineHandler(limit: .seconds(Int64(requestSeconds)))],
            idleTimeout: .seconds(Int64(idleSeconds))
        )
    )
}

/// The whole server: router, listening address and background services; and, given the registry `citas serve`
/// bootstrapped the metrics with, the `/metrics` listener.
public func buildApplication(
    config: AppConfig,
    app: AppContext,
    logger: Logger,
    metrics: PrometheusCollectorRegistry? = nil
) throws -> some ApplicationProtocol {
    var dependencies = RouterDependencies()
    dependencies.horizonDays = config.horizonDays
    dependencies.identity.publicURL = config.publicURL
    dependencies.proofOfWork.baseDifficulty = config.powBaseDifficulty
    dependencies.trustedProxies = config.trustedProxies
    dependencies.helpPhone = config.helpPhone
    dependencies.pki = try Setup.pki(at: config.pkiDirectory, logger: logger)
    if let url = config.curpRegistryURL { dependencies.registry = HTTPCurpRegistry(endpoint: url) }
    let horizon = PeriodicJob(name: "slots opened", job: "slots", interval: .seconds(3600), logger: logger) {
        try await Setup.generateSlots(app, days: config.horizonDays, throughNextOpenDay: true)
    }
    var outbox = OutboxDeliveryService(outbox: app.outbox, transport: try config.mailTransport(), clock: app.clock, logger: logger)
    outbox.lease = config.outboxLeaseSeconds
    outbox.lanes = config.outboxLanes
    outbox.composer = AppointmentMailComposer(app: app, publicURL: config.publicURL)
    outbox.metrics = app.metrics
    // Release draws and batches: every seat that becomes free is allotted here, once, whichever instance claims it.
    let allocations = PeriodicJob(name: "allocations run", job: "allocations", interval: .seconds(10), logger: logger) {
        try await app.allocations.runDue()
    }
    // Counters and spent challenges only matter while their window or expiry lasts; without this they grow forever.
    let housekeeping = PeriodicJob(
        name: "expired counters, challenges, refusals, log-in failures and sent mail removed",
        job: "housekeeping",
        interval: .seconds(3600),
        logger: logger
    ) {
        let now = app.clock.now().epoch
        return try await app.rateCounter.prune(before: now - 2 * 86_400) + app.proofOfWork.prune(now: now) + app.risk.pruneRefusals()
            + app.outbox.prune(sentBefore: now - config.sentMailRetentionDays * 86_400) + app.loginFailures.prune(now: now)
    }
    // Whoever never arrived is a no-show once their day is over; marking twice changes nothing.
    let noShows = PeriodicJob(name: "no-shows marked", job: "no_shows", interval: .seconds(900), logger: logger) {
        try await app.agenda.markNoShows()
    }
    // A day's figures are summarized once it is over (and its no-shows marked), so a month's report adds up summaries;
    // a later change to a summarized day deletes its summary by trigger and the next run writes it again.
    let reportDays = PeriodicJob(name: "report days summarized", job: "report_days", interval: .seconds(900), logger: logger) {
        try await app.reports.summarize(through: app.today.adding(days: -2))
    }
    // Reminders three days and one day before each appointment; each is queued once, whoever runs the job.
    let reminders = PeriodicJob(name: "reminders queued", job: "reminders", interval: .seconds(600), logger: logger) {
        try await app.reminders.queueDue()
    }
    let refusals = PeriodicJob(name: "refusal counts flushed", job: "refusals", interval: .seconds(60), logger: logger) {
        try await app.refusals.flush()
    }
    // Every instance reports the same backlog (it is the database's); alerts take the maximum.
    let backlog = PeriodicJob(name: "mail backlog measured", job: "mail_backlog", interval: .seconds(15), logger: logger) {
        let (unsent, oldest) = try await app.outbox.backlog()
        app.metrics.outbox(unsent: unsent, oldestSeconds: oldest.map { max(app.clock.now().epoch - $0, 0) } ?? 0)
        return 0
    }
    var services: [any Service] = [horizon, allocations, housekeeping, noShows, reportDays, reminders, refusals, backlog, outbox]
    if let metrics, config.metricsPort != 0 {
        services.append(MetricsEndpoint.service(registry: metrics, host: config.metricsHost, port: config.metricsPort, logger: logger))
    }
    return Application(
        router: try buildRouter(app: app, dependencies: dependencies),
        server: httpServer(idleSeconds: config.httpIdleSeconds, requestSeconds: config.httpRequestSeconds),
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "Citas"),
        services: services,
        logger: logger
    )
}
