import CitasDomain
import CitasPersistence
import CitasServer
import CitasTestSupport
import Foundation
import HTTPTypes
import Logging
import SQLKit

/// The same booking attempts made three ways, each on a fresh database, to see what each layer costs: `attempts`
/// distinct people into the first 200 slots of an office of 21 slots a day with 10 seats each (so most attempts are
/// refused as full, as in a flash crowd), from `clients` concurrent clients.
/// - raw: the bare claim transaction (conditional UPDATE + INSERT) through the same driver and write lane;
/// - store: `AppointmentStore.book`, every rule of a booking;
/// - HTTP: `POST /api/v1/appointments` on keep-alive connections, each person signed in with a proof-of-work solved
///   beforehand (solving is the client's time), so the server's whole path is timed: session, proof, rate limits,
///   booking, JSON.
struct AttemptRun {
    let database: any AppDatabase
    let attempts: Int
    let clients: Int
    static let office = "LOAD-SEATS"
    static let slotCount = 200

    /// One set of keys for the run, so a challenge signed here is one the router accepts.
    private let secrets = DeploymentSecrets.ephemeral()
    /// Offices and slots are served from memory for a second, as `citas serve` does.
    private var context: AppContext { AppContext(database: database, clock: SystemClock(), secrets: secrets, readCache: .seconds(1)) }

    init(database: any AppDatabase, attempts: Int, clients: Int) {
        self.database = database
        self.attempts = attempts
        self.clients = clients
    }

    /// Raw claim, store and HTTP (then the confirmations' delivery) on `engine`, each on a fresh database.
    static func everyWay(on engine: DatabaseEngine, attempts: Int, clients: Int) async throws -> [LoadSummary] {
        var lines: [LoadSummary] = []
        for way in [raw, store] {
            lines.append(try await TestDatabase.with(engine) { try await way(AttemptRun(database: $0, attempts: attempts, clients: clients))() })
        }
        return lines + (try await TestDatabase.with(engine) { try await AttemptRun(database: $0, attempts: attempts, clients: clients).http() })
    }

    /// Seeds the office, opens its days for direct booking and returns its first 200 slots.
    private func slots() async throws -> [(date: LocalDate, time: LocalTime)] {
        let office = TestData.office(code: Self.office, plan: TestData.fullDayPlan(counters: 10))
        try await context.offices.seed([office])
        try await context.slots.generate(for: office, from: LocalDate(Date(), in: office.zone).adding(days: 1), days: 21)
        // Every generated day waits for its launch draw; nobody waits, so running it opens every seat.
        try await Releases.bringForward(office: office.code, now: Int(Date().timeIntervalSince1970), in: database)
        try await context.allocations.runDue()
        let rows = try await database.read { sql in
            try await sql.raw(
                """
                SELECT local_date, local_time FROM slots WHERE office_code = \(bind: Self.office) AND direct > 0
                ORDER BY local_date, local_time LIMIT \(bind: Self.slotCount)
                """
            ).all()
        }
        precondition(rows.count == Self.slotCount, "the office has too few slots")
        return try rows.map {
            (try LocalDate($0.decode(column: "local_date", as: String.self)), try LocalTime($0.decode(column: "local_time", as: String.self)))
        }
    }

    func raw() async throws -> LoadSummary {
        let slots = try await slots()
        let now = Int(Date().timeIntervalSince1970)
        return try await timed("raw claim (UPDATE + INSERT)") { n in
            let slot = slots[n % slots.count]
            return try await database.write { sql in
                guard
                    let claimed = try await sql.raw(
                        """
                        UPDATE slots SET booked = booked + 1, direct = direct - 1
                        WHERE office_code = \(bind: Self.office) AND local_date = \(bind: slot.date.description)
                            AND local_time = \(bind: slot.time.description) AND direct > 0
                        RETURNING starts_at
                        """
                    ).first()
                else { return false }
                try await sql.raw(
                    """
                    INSERT INTO appointments (folio, curp, office_code, local_date, local_time, starts_at, status, channel, created_at, updated_at)
                    VALUES (\(bind: Folio.random().value), \(bind: TestData.curp(n).value), \(bind: Self.office), \(bind: slot.date.description),
                        \(bind: slot.time.description), \(bind: try claimed.decode(column: "starts_at", as: Int.self)), 'booked', 'web',
                        \(bind: now), \(bind: now))
                    """
                ).run()
                return true
            }
        }
    }

    func store() async throws -> LoadSummary {
        let slots = try await slots()
        let store = context.appointments
        return try await timed("store booking (no HTTP)") { n in
            let slot = slots[n % slots.count]
            do {
                _ = try await store.book(
                    BookingRequest(curp: TestData.curp(n), officeCode: Self.office, date: slot.date, time: slot.time, actor: "bench")
                )
                return true
            } catch let error as CitasError where error.code == .slotFull {
                return false
            }
        }
    }

    /// The HTTP attempts, then the delivery of every confirmation they queued.
    func http() async throws -> [LoadSummary] {
        let slots = try await slots()
        let people = try await LoadAccounts.make(attempts, database: database, name: "attempt")
        var dependencies = RouterDependencies()
        dependencies.proofOfWork.baseDifficulty = 1
        dependencies.trustedProxies = ["127.0.0.1"]
        let pow = ProofOfWorkService(store: context.proofOfWork, secrets: secrets, clock: SystemClock(), settings: dependencies.proofOfWork)
        var solved: [String] = []
        for person in people {
            let challenge = try await pow.challenge(ProofOfWorkBinding(scope: "book", office: Self.office, account: person.id))
            solved.append(challenge.proof(nonce: ProofOfWorkHash.solve(challenge)))
        }
        let proofs = solved
        let server = try await ServerHandle.start(router: try buildRouter(app: context, dependencies: dependencies))
        let port = server.port
        let next = Counter()
        let recorder = LoadRecorder()
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    let client = LoadClient(port: port, recorder: recorder)
                    while let n = next.take(below: attempts) {
                        let slot = slots[n % slots.count]
                        let answer = await client.send(
                            .post,
                            "/api/v1/appointments",
                            address: LoadPhases.address(n),
                            token: people[n].token,
                            proof: proofs[n],
                            json: #"{"office":"\#(Self.office)","date":"\#(slot.date)","time":"\#(slot.time)"}"#,
                            expected: [201, 409]
                        )
                        if answer?.status == 201 { recorder.succeeded() }
                    }
                    await client.close()
                }
            }
        }
        let seconds = (ContinuousClock.now - start).seconds
        await server.stop()
        return [recorder.summary("HTTP booking attempts (proof pre-solved)", seconds: seconds), try await deliverConfirmations()]
    }

    /// Sends what the bookings queued as `citas serve` would (its default lanes, to `.eml` files), timed from the end
    /// of the burst until nothing is left.
    private func deliverConfirmations() async throws -> LoadSummary {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("citas-bench-mail-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let service = OutboxDeliveryService(
            outbox: context.outbox,
            transport: EmlFileTransport(directory: directory, from: "bench@localhost"),
            clock: SystemClock(),
            logger: Logger(label: "bench")
        )
        // The seeded accounts' own verification mail is not part of the burst (and was sealed by the seeding tool).
        try await database.write { sql in try await sql.raw("UPDATE outbox SET sent_at = 0 WHERE kind = 'seed'").run() }
        let sent = Counter()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<service.lanes {
                group.addTask { while try await service.deliverNext() { _ = sent.take(below: .max) } }
            }
            try await group.waitForAll()
        }
        let count = sent.take(below: .max) ?? 0
        return LoadSummary(phase: "confirmations sent (outbox)", requests: 0, successes: count, seconds: (ContinuousClock.now - start).seconds)
    }

    /// Runs every attempt over `clients` concurrent tasks, recording each one's latency; `attempt` says whether it booked.
    private func timed(_ phase: String, _ attempt: @escaping @Sendable (Int) async throws -> Bool) async throws -> LoadSummary {
        let next = Counter()
        let recorder = LoadRecorder()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    while let n = next.take(below: attempts) {
                        let began = ContinuousClock.now
                        let booked = try await attempt(n)
                        recorder.record(ContinuousClock.now - began, error: nil)
                        if booked { recorder.succeeded() }
                    }
                }
            }
            try await group.waitForAll()
        }
        return recorder.summary(phase, seconds: (ContinuousClock.now - start).seconds)
    }
}

/// Verified accounts with bearer tokens, written straight to the database (eight writers at a time).
enum LoadAccounts {
    static func make(_ count: Int, database: any AppDatabase, name: String) async throws -> [(id: String, token: String)] {
        let now = Int(Date().timeIntervalSince1970)
        let next = Counter()
        return try await withThrowingTaskGroup(of: [(Int, String, String)].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var made: [(Int, String, String)] = []
                    while let n = next.take(below: count) {
                        let seeded = try await SeededAccounts.make(
                            n,
                            email: SeededAccounts.distinctEmail(n, name: name),
                            database: database,
                            now: now
                        )
                        made.append((n, seeded.id, seeded.token))
                    }
                    return made
                }
            }
            var people = [(id: String, token: String)](repeating: ("", ""), count: count)
            for try await made in group {
                for (n, id, token) in made { people[n] = (id, token) }
            }
            return people
        }
    }
}
