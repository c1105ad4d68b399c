import CitasDomain
import CitasPersistence
import CitasServer
import CitasTestSupport
import Foundation
import SQLKit

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Honest people and scalpers' bots against a real Citas server over HTTP, in simulated time (one busy office,
/// 20 seats a day, far more people than seats). Everyone registers through the API (proof-of-work, the e-mailed
/// link, log-in) and files a standing request. Then, minute by minute for 17 hours while the allocator runs as its
/// job would:
/// - the first start's launch draw and the day's release draw allot seats;
/// - staff add 10 seats to a released day (added seats);
/// - every bot that holds a seat cancels on cue while a partner bot of the same operator tries to catch exactly that
///   seat (the handoff): the buyer polls the API and the HTML day page every simulated minute and right after every
///   event, and books the instant the seat shows free;
/// - a later day is released with more seats than people waiting (leftovers);
/// - every bot without a seat polls availability every minute and books anything open; honest people without a seat
///   look every 30 minutes.
/// Bots never wait for a cue the server gives only to them: they see what anyone sees, as soon as it can change.
struct FairnessSimulation {
    let honest: Int
    let operators: Int
    let accountsPerOperator: Int
    let seed: UInt64

    struct Report {
        var honestApplicants = 0
        var botApplicants = 0
        /// Seats held when the handoffs begin (the launch draw's and the added ones): the contested seats.
        var honestSeats = 0
        var botSeats = 0
        /// The seats given back on cue, and how many of them bots got (by any path).
        var freedSeats = 0
        var freedToBots = 0
        var handoffAttempts = 0
        var handoffSuccesses = 0
        /// Of those, the ones the buyer caught by polling rather than by the lottery.
        var handoffsByPolling = 0
        var addedSeats = 0
        var addedToBots = 0
        var leftoversOpened = 0
        var leftoversToBots = 0
        var leftoversToHonest = 0
        var honestStillWaiting = 0
        var botRequests = 0
        var botHeldRefusals = 0
        var botLimited = 0
        var honestLimited = 0
    }

    /// One applicant and their client.
    struct Person {
        let n: Int
        let bot: Bool
        let operatorIndex: Int
        let email: String
        var client: SimClient
        var curp: String { TestData.curp(n).value }
    }

    static let office = "TEST-OFFICE"
    static let start = TestData.start  // Tuesday 2026-12-01 00:00 UTC, 18:00 the day before in the office

    func run() async throws -> Report {
        try await TestDatabase.with(.sqlite) { database in
            let clock = ManualClock(Self.start)
            let context = AppContext(database: database, clock: clock, secrets: .ephemeral())
            // 4 seats per slot, 5 slots a day; days released 3 days ahead at 09:00 office time (15:00 UTC).
            let office = TestData.office(counters: 4, releaseDaysAhead: 3)
            try await context.offices.seed([office])
            try await context.slots.generate(for: office, from: LocalDate(year: 2026, month: 12, day: 1), days: 14)
            var dependencies = RouterDependencies()
            dependencies.proofOfWork.baseDifficulty = 6
            dependencies.hasher = PasswordHasher(cost: 4)
            dependencies.trustedProxies = ["127.0.0.1"]
            let server = try await ServerHandle.start(router: try buildRouter(app: context, dependencies: dependencies))
            do {
                let report = try await play(port: server.port, context: context, clock: clock, database: database)
                await server.stop()
                return report
            } catch {
                await server.stop()
                throw error
            }
        }
    }

    /// Registration, standing requests, then the simulated day.
    private func play(port: Int, context: AppContext, clock: ManualClock, database: any AppDatabase) async throws -> Report {
        let session = URLSession(configuration: .ephemeral)
        let people = try await register(port: port, session: session, context: context)
        var report = Report()
        report.honestApplicants = honest
        report.botApplicants = operators * accountsPerOperator
        for person in people {
            let (status, _) = try await person.client.post(
                "/api/v1/draws/requests",
                json: #"{"office":"\#(Self.office)"}"#,
                scope: "draw",
                office: Self.office
            )
            guard status == 201 else { throw SimulationError.unexpected("standing request \(status)") }
        }
        var timeline = Timeline(people: people, report: report, random: SplitMix64(seed: seed))
        try await timeline.play(context: context, clock: clock, database: database)
        let holders = try await Self.holders(database)
        timeline.report.honestStillWaiting = timeline.people.filter { !$0.bot && holders[$0.curp] == nil }.count
        return timeline.report
    }

    /// Registers everyone through the API: a solved proof-of-work, the registration, the link from their mailbox,
    /// a log-in. Honest people each have an address and a mailbox of their own; an operator's accounts share the
    /// operator's address and are numbered variants of one mailbox name, as the farms the ministry found were.
    private func register(port: Int, session: URLSession, context: AppContext) async throws -> [Person] {
        var people: [Person] = []
        for n in 0..<(honest + operators * accountsPerOperator) {
            let bot = n >= honest
            let operatorIndex = bot ? (n - honest) / accountsPerOperator : -1
            let email = bot ? "gestor\(SeededAccounts.letters(operatorIndex)).\(n)@example.com" : SeededAccounts.distinctEmail(n)
            let address = bot ? "198.51.100.\(operatorIndex + 1)" : "203.0.\(n / 250).\(n % 250 + 1)"
            var client = SimClient(port: port, address: address, session: session)
            let person = TestData.identity(n)
            let body = """
                {"email":"\(email)","password":"Pasaporte#2026","curp":"\(TestData.curp(n).value)","paternalSurname":"\(person.paternalSurname)",\
                "maternalSurname":"\(person.maternalSurname)","givenNames":"\(person.givenNames)","birthDate":"\(person.birthDate)",\
                "sex":"\(person.sex.rawValue)","birthState":"\(person.birthState)"}
                """
            let (registered, _) = try await client.post("/api/v1/accounts", json: body, scope: "register")
            guard registered == 202 else { throw SimulationError.unexpected("register \(n): \(registered)") }
            let token = try await Self.linkToken(to: email, context)
            let (verified, _) = try await client.post("/api/v1/accounts/verify", json: #"{"token":"\#(token)"}"#)
            guard verified == 200 else { throw SimulationError.unexpected("verify \(n): \(verified)") }
            client.token = try await Self.logIn(client, email: email)
            people.append(Person(n: n, bot: bot, operatorIndex: operatorIndex, email: email, client: client))
        }
        return people
    }

    static func logIn(_ client: SimClient, email: String) async throws -> String {
        let (status, data) = try await client.post("/api/v1/sessions", json: #"{"email":"\#(email)","password":"Pasaporte#2026"}"#)
        struct Session: Decodable { let token: String }
        guard status == 201 else { throw SimulationError.unexpected("log in \(status)") }
        return try JSONDecoder().decode(Session.self, from: data).token
    }

    /// The `token=` of the newest mail to `recipient`: the link a person clicks in their mailbox.
    static func linkToken(to recipient: String, _ context: AppContext) async throws -> String {
        let sealed = try await context.database.read { sql in
            try await sql.raw("SELECT body FROM outbox WHERE recipient = \(bind: recipient) ORDER BY id DESC").first()?
                .decode(column: "body", as: String.self)
        }
        let body = try sealed.map(SecretSeal(secrets: context.secrets, purpose: .mail).open)
        guard let body, let range = body.range(of: "token=") else { throw SimulationError.unexpected("no link for \(recipient)") }
        return String(body[range.upperBound...].prefix { !$0.isWhitespace })
    }

    /// Who holds a live appointment at the office, and where: what each person knows from their mailbox.
    static func holders(_ database: any AppDatabase) async throws -> [String: (date: String, time: String, folio: String)] {
        try await database.read { sql in
            var holders: [String: (date: String, time: String, folio: String)] = [:]
            for row in try await sql.raw(
                "SELECT curp, local_date, local_time, folio FROM appointments WHERE office_code = \(bind: office) AND status = 'booked'"
            ).all() {
                holders[try row.decode(column: "curp", as: String.self)] = (
                    try row.decode(column: "local_date", as: String.self), try row.decode(column: "local_time", as: String.self),
                    try row.decode(column: "folio", as: String.self)
                )
            }
            return holders
        }
    }
}

enum SimulationError: Error {
    case unexpected(String)
}
