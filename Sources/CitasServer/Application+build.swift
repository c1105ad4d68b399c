import CitasDomain
import CitasPersistence
import Hummingbird
import Logging

/// Builds the router with every controller and middleware. Separate from the application so tests can
/// drive it in memory with `app.test(.router)`.
public func buildRouter(app: AppContext, horizonDays: Int = 60) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorMiddleware())
    HomeController(app: app, horizonDays: horizonDays).register(on: router)
    SystemController(app: app).register(on: router)
    let api = router.group("api/v1")
    OfficesController(app: app).register(on: api)
    AppointmentsController(app: app).register(on: api)
    return router
}

/// The whole server: router, listening address and background services.
public func buildApplication(config: AppConfig, app: AppContext, logger: Logger) -> some ApplicationProtocol {
    let router = buildRouter(app: app, horizonDays: config.horizonDays)
    let horizon = SlotHorizonService(app: app, horizonDays: config.horizonDays, interval: .seconds(3600), logger: logger)
    return Application(
        router: router,
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "Citas"),
        services: [horizon],
        logger: logger
    )
}
