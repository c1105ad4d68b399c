import CitasDomain
import CitasPersistence
import CitasServer
import CitasTestSupport
import Foundation
import SQLKit

/// A flash release against the real router on a real socket: `accounts` verified people, half of them entering the
/// draw of one office's newly announced day, the other half racing for the `seats` of another office's day that is
/// open for direct booking; then availability reads and a read mix (availability + "my appointment").
struct LoadScenario {
    let database: any AppDatabase
    let options: LoadOptions
    static let drawOffice = "LOAD-DRAW"
    static let bookOffice = "LOAD-BOOK"

    /// One set of keys for the run, so a challenge the router signs is one the booking check accepts.
    private let secrets = DeploymentSecrets.ephemeral()
    /// Availability is served from memory for a second, as `citas serve` does.
    private var context: AppContext { AppContext(database: database, clock: SystemClock(), secrets: secrets, readCache: .seconds(1)) }

    func run() async throws -> [LoadSummary] {
        let day = try await openOffices()
        let tokens = try await accounts()
        let server = try await ServerHandle.start(router: try buildRouter(app: context, dependencies: dependencies))
        do {
            let phases = LoadPhases(port: server.port, clients: options.clients, seconds: options.seconds, tokens: tokens, day: day)
            var results = [await phases.trivial()]
            results.append(await phases.drawRequests(office: Self.drawOffice))
            results.append(try await runDraw())
            let (booking, folios) = await phases.flashBooking(office: Self.bookOffice)
            results.append(booking)
            results.append(await phases.availability(office: Self.bookOffice))
            results.append(await phases.readMix(office: Self.bookOffice, folios: folios))
            await server.stop()
            return results
        } catch {
            await server.stop()
            throw error
        }
    }

    /// The production router with two bench settings: a low proof-of-work difficulty (so the in-process clients do
    /// not burn the cores the server is measured on) and the loopback trusted as a proxy,
    /// so each simulated citizen has their own forwarded address for the per-address limits.
    private var dependencies: RouterDependencies {
        var dependencies = RouterDependencies()
        dependencies.proofOfWork.baseDifficulty = options.powBits
        dependencies.trustedProxies = ["127.0.0.1"]
        return dependencies
    }

    /// Seeds both offices with one day of `seats` seats each: the draw office's day still waiting for its draw,
    /// the booking office's day released. Returns that day.
    private func openOffices() async throws -> LocalDate {
        let draw = TestData.office(code: Self.drawOffice, counters: max(1, options.seats / 5), releaseDaysAhead: 0)  // five slots a day
        // A real office's size (21 slots a day, a month ahead): what availability reads have to sum.
        let book = TestData.office(code: Self.bookOffice, releaseDaysAhead: 60, plan: TestData.fullDayPlan(counters: max(1, options.seats / 21)))
        try await context.offices.seed([draw, book])
        var day = LocalDate(Date(), in: book.zone).adding(days: 1)
        while try await context.slots.generate(for: book, from: day, days: 1) == 0 { day = day.adding(days: 1) }
        try await context.slots.generate(for: book, from: day.adding(days: 1), days: 31)
        try await context.slots.generate(for: draw, from: day, days: 1)
        // The booking office's day was due long ago, so it waits for a launch draw: run it now (nobody waits there,
        // so all its seats open for direct booking — the first-come phase measures that path).
        try await Releases.bringForward(office: Self.bookOffice, now: Int(Date().timeIntervalSince1970), in: database)
        try await context.allocations.runDue()
        return day
    }

    private func accounts() async throws -> [String] {
        try await LoadAccounts.make(options.accounts, database: database, name: "load").map(\.token)
    }

    /// Brings the draw's instant forward to now (the bench cannot wait for 09:00) and runs it as the job would.
    private func runDraw() async throws -> LoadSummary {
        let now = Int(Date().timeIntervalSince1970)
        try await database.write { sql in
            try await sql.raw("UPDATE allocations SET due_at = \(bind: now) WHERE office_code = \(bind: Self.drawOffice)").run()
        }
        let start = ContinuousClock.now
        _ = try await context.allocations.runDue()
        let seconds = (ContinuousClock.now - start).seconds
        let allotted = try await database.read { sql in
            try await sql.raw("SELECT COALESCE(SUM(allotted), 0) AS n FROM allocations WHERE office_code = \(bind: Self.drawOffice)").first()!
                .decode(column: "n", as: Int.self)
        }
        return LoadSummary(phase: "draw run (job, seats allotted)", requests: 0, successes: allotted, seconds: seconds)
    }
}

/// The bench's knobs.
struct LoadOptions: Sendable {
    var accounts = 2000
    var seats = 500
    var clients = 32
    var seconds = 5.0
    var powBits = 8
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
