import CitasDomain
import CitasPersistence
import Hummingbird

/// `GET /`: the offices and their free seats over the booking horizon.
struct HomeController<Context: RequestContext> {
    let app: AppContext
    let horizonDays: Int

    func register(on router: Router<Context>) {
        router.get("/", use: home)
    }

    @Sendable func home(_ request: Request, context: Context) async throws -> Response {
        let offices = try await app.offices.all()
        let free = try await app.slots.freeSeatsByOffice()
        let rows = offices.map { HomePage.Row(office: $0, freeSeats: free[$0.code] ?? 0) }
        return .html(HomePage.render(rows: rows, horizonDays: horizonDays))
    }
}
