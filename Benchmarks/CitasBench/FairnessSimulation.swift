import CitasDomain
import CitasPersistence
import CitasServer
import CitasTestSupport
import Foundation
import SQLKit

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Honest people and scalpers' bots against a real Citas server, with simulated time:
/// 1. everyone asks for the same office-day's release draw (bots many times, from many accounts);
/// 2. the draw runs;
/// 3. every bot account that won cancels, while a partner bot account polls every simulated minute to book exactly
///    that seat (the cancel-on-cue handoff); unlucky honest people look for free seats every 20 minutes; the daily
///    draws go on (freed seats go into the next one; unlucky requests roll over).
struct FairnessSimulation {
    let honest: Int
    let operators: Int
    let accountsPerOperator: Int

    struct Report {
        var honestApplicants = 0
        var botApplicants = 0
        var honestSeats = 0
        var botSeats = 0
        var handoffAttempts = 0
        var handoffSuccesses = 0
        var honestLimited = 0
        var botLimited = 0
        var releasedToHonest = 0
        var releasedToBots = 0
        /// Answers to honest people's booking attempts after the draw, by HTTP status.
        var honestStatuses: [Int: Int] = [:]
    }

    /// An applicant: honest people each have their own address; an operator's bot accounts share one.
    struct Person {
        let n: Int
        let accountId: String
        var token: String
        let bot: Bool
        let address: String
    }

    /// Honest people have unrelated mailboxes; each operator's accounts are numbered variants of one name, as the
    /// farms the ministry found were.
    static func email(_ n: Int, bot: Bool, operatorIndex: Int) -> String {
        guard !bot else { return "gestor\(SeededAccounts.letters(operatorIndex)).\(n)@example.com" }
        return SeededAccounts.distinctEmail(n)
    }

    func run() async throws -> Report {
        try await TestDatabase.with(.sqlite) { database in
            let clock = ManualClock(TestData.start)
            let context = AppContext(database: database, clock: clock)
            let office = TestData.office(counters: 4, releaseDaysAhead: 3)
            try await context.offices.seed([office])
            // Days from Dec 4 on are released by daily draws 3 days ahead; the contested day is Tuesday Dec 8.
            let day = LocalDate(year: 2026, month: 12, day: 8)
            try await SlotStore(database: database, clock: clock)
                .generate(for: office, from: LocalDate(year: 2026, month: 12, day: 1), days: 14)
            clock.set(ISO8601DateFormatter().date(from: "2026-12-05T14:00:00Z")!)
            try await context.allocations.runDue()
            var dependencies = RouterDependencies()
            dependencies.proofOfWork.baseDifficulty = 6
            dependencies.trustedProxies = ["127.0.0.1"]
            let server = try await ServerHandle.start(router: try buildRouter(app: context, dependencies: dependencies))
            let client = SimClient(port: server.port)
            var people: [Person] = []
            for n in 0..<(honest + operators * accountsPerOperator) {
                let bot = n >= honest
                let seeded = try await SeededAccounts.make(
                    n,
                    email: Self.email(n, bot: bot, operatorIndex: (n - honest) / accountsPerOperator),
                    database: database,
                    now: Int(clock.now().timeIntervalSince1970)
                )
                let address = bot ? "198.51.100.\((n - honest) / accountsPerOperator)" : "203.0.\(n / 250).\(n % 250)"
                people.append(Person(n: n, accountId: seeded.id, token: seeded.token, bot: bot, address: address))
            }
            var report = Report()
            report.honestApplicants = honest
            report.botApplicants = operators * accountsPerOperator
            for person in people {
                for _ in 0..<(person.bot ? 5 : 1) {
                    let status = try await client.post("/api/v1/draws/requests", as: person, scope: "draw", body: #"{"office":"TEST-OFFICE"}"#)
                    guard status == 429 else { continue }
                    if person.bot { report.botLimited += 1 } else { report.honestLimited += 1 }
                }
            }
            clock.set(ISO8601DateFormatter().date(from: "2026-12-05T15:00:30Z")!)
            try await context.allocations.runDue()
            // People come back later and log in again (sessions expire after 30 idle minutes).
            for index in people.indices {
                people[index].token = try await context.sessions.start(
                    accountId: people[index].accountId,
                    kind: .bearer,
                    now: Int(clock.now().timeIntervalSince1970)
                ).value
            }
            let holders = try await context.appointments.live(office: office.code, on: day)
            let botCurps = Set(people.filter(\.bot).map { TestData.curp($0.n).value })
            report.botSeats = holders.filter { botCurps.contains($0.curp) }.count
            report.honestSeats = holders.count - report.botSeats
            try await handoffs(holders, people: people, client: client, context: context, clock: clock, day: day, report: &report)
            await server.stop()
            return report
        }
    }

    /// Winners among the bots cancel; a losing bot account of the same operator tries to catch each seat.
    private func handoffs(
        _ holders: [Appointment],
        people: [Person],
        client: SimClient,
        context: AppContext,
        clock: ManualClock,
        day: LocalDate,
        report: inout Report
    ) async throws {
        let byCurp = Dictionary(uniqueKeysWithValues: people.map { (TestData.curp($0.n).value, $0) })
        let holdingCurps = Set(holders.map(\.curp))
        var buyers = people.filter { $0.bot && !holdingCurps.contains(TestData.curp($0.n).value) }
        var targets: [(buyer: Person, time: String)] = []
        for appointment in holders {
            guard let seller = byCurp[appointment.curp], seller.bot, !buyers.isEmpty else { continue }
            _ = try await client.post("/api/v1/appointments/\(appointment.folio)/cancel", as: seller, scope: nil, body: "{}")
            targets.append((buyers.removeFirst(), appointment.time.description))
        }
        report.handoffAttempts = targets.count
        let waiting = people.filter { !$0.bot && !holdingCurps.contains(TestData.curp($0.n).value) }
        var caught = Set<Int>()
        for minute in 1...(49 * 60) {
            clock.advance(by: 60)
            try await context.allocations.runDue()
            for target in targets where !caught.contains(target.buyer.n) {
                let body = #"{"office":"TEST-OFFICE","date":"\#(day)","time":"\#(target.time)"}"#
                let status = try await client.post("/api/v1/appointments", as: target.buyer, scope: "book", body: body)
                if status == 201 { caught.insert(target.buyer.n) }
                if status == 429 { report.botLimited += 1 }
            }
            guard minute % 20 == 0 else { continue }
            for var person in waiting {
                // A person comes back every 20 minutes and logs in again.
                person.token = try await context.sessions.start(
                    accountId: person.accountId,
                    kind: .bearer,
                    now: Int(clock.now().timeIntervalSince1970)
                ).value
                for time in try await context.slots.slots(office: "TEST-OFFICE", on: day).filter({ $0.free > 0 }).map(\.time.description).prefix(1) {
                    let body = #"{"office":"TEST-OFFICE","date":"\#(day)","time":"\#(time)"}"#
                    let status = try await client.post("/api/v1/appointments", as: person, scope: "book", body: body)
                    if status == 429 { report.honestLimited += 1 }
                    report.honestStatuses[status, default: 0] += 1
                }
            }
        }
        report.handoffSuccesses = caught.count
        let after = try await context.appointments.live(office: "TEST-OFFICE", on: day)
        let botCurps = Set(people.filter(\.bot).map { TestData.curp($0.n).value })
        report.releasedToBots = after.filter { botCurps.contains($0.curp) && !holdingCurps.contains($0.curp) }.count
        report.releasedToHonest = after.filter { !botCurps.contains($0.curp) && !holdingCurps.contains($0.curp) }.count
    }
}

/// A tiny HTTP client for the simulation: the person's bearer token and address (as a trusted proxy would forward
/// it), an optional solved proof-of-work, a JSON body; returns the status.
struct SimClient {
    let port: Int
    let session = URLSession(configuration: .ephemeral)

    func post(_ path: String, as person: FairnessSimulation.Person, scope: String?, body: String) async throws -> Int {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer \(person.token)", forHTTPHeaderField: "Authorization")
        request.setValue(person.address, forHTTPHeaderField: "X-Forwarded-For")
        if let scope {
            let url = URL(string: "http://127.0.0.1:\(port)/api/v1/pow?scope=\(scope)&office=TEST-OFFICE")!
            var challengeRequest = URLRequest(url: url)
            challengeRequest.setValue("Bearer \(person.token)", forHTTPHeaderField: "Authorization")
            challengeRequest.setValue(person.address, forHTTPHeaderField: "X-Forwarded-For")
            let (data, _) = try await session.data(for: challengeRequest)
            if let challenge = try? JSONDecoder().decode(ProofOfWorkChallenge.self, from: data) {
                request.setValue(challenge.proof(nonce: ProofOfWorkHash.solve(challenge)), forHTTPHeaderField: "X-Citas-Proof")
            }
        }
        request.httpBody = Data(body.utf8)
        let (_, response) = try await session.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }
}
