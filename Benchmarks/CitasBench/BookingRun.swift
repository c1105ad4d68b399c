import CitasDomain
import CitasPersistence
import CitasServer
import CitasTestSupport
import Foundation
import Hummingbird
import NIOCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One measurement: an office with enough seats for every booking, `tasks` clients booking distinct CURPs.
struct BookingRun {
    let database: any AppDatabase
    let tasks: Int
    let bookings: Int

    /// One set of keys for the run, so a challenge the router signs is one the booking check accepts.
    private let secrets = DeploymentSecrets.ephemeral()
    private var context: AppContext { AppContext(database: database, clock: SystemClock(), secrets: secrets) }

    /// Seeds the office and returns the (date, time) of every seat, one entry per seat.
    private func seats() async throws -> [(LocalDate, LocalTime)] {
        let office = TestData.office(counters: 100)
        try await context.offices.seed([office])
        let tomorrow = LocalDate(Date(), in: office.zone).adding(days: 1)
        try await context.slots.generate(for: office, from: tomorrow, days: 60)
        // Every generated day waits for its launch draw; nobody waits, so running it opens every seat.
        try await Releases.bringForward(office: office.code, now: Int(Date().timeIntervalSince1970), in: database)
        try await context.allocations.runDue()
        var seats: [(LocalDate, LocalTime)] = []
        for day in 0..<60 {
            for slot in try await context.slots.slots(office: office.code, on: tomorrow.adding(days: day)) {
                seats += Array(repeating: (slot.date, slot.time), count: slot.capacity)
            }
        }
        precondition(seats.count >= bookings, "not enough seats for \(bookings) bookings")
        return seats
    }

    func measureStore() async throws -> Measurement {
        let seats = try await seats()
        let store = context.appointments
        return try await measure { n in
            let request = BookingRequest(curp: TestData.curp(n), officeCode: "TEST-OFFICE", date: seats[n].0, time: seats[n].1, actor: "bench")
            _ = try await store.book(request)
        }
    }

    private func sessions() async throws -> [(id: String, token: String)] {
        var accounts: [(id: String, token: String)] = []
        for n in 0..<bookings {
            let now = Int(Date().timeIntervalSince1970)
            let seeded = try await SeededAccounts.make(n, email: SeededAccounts.distinctEmail(n, name: "bench"), database: database, now: now)
            accounts.append((seeded.id, seeded.token))
        }
        return accounts
    }

    /// Solved proof-of-work headers, one per booking, each bound to its account (untimed; solving is the client's
    /// cost, not the server's).
    private func proofs(_ settings: ProofOfWorkService.Settings, accounts: [String]) async throws -> [String] {
        let pow = ProofOfWorkService(store: context.proofOfWork, secrets: secrets, clock: SystemClock(), settings: settings)
        var proofs: [String] = []
        for account in accounts {
            let challenge = try await pow.challenge(ProofOfWorkBinding(scope: "book", office: "TEST-OFFICE", account: account))
            proofs.append(challenge.proof(nonce: ProofOfWorkHash.solve(challenge)))
        }
        return proofs
    }

    func measureHTTP() async throws -> Measurement {
        let seats = try await seats()
        let accounts = try await sessions()
        let tokens = accounts.map(\.token)
        var dependencies = RouterDependencies()
        dependencies.proofOfWork.baseDifficulty = 8
        // Every simulated client shares 127.0.0.1: per-address limits would measure the limiter, not booking.
        dependencies.rateLimits.bookings = [RateRule(name: "book:account", key: .account, limit: 20, window: 3600, shared: true)]
        dependencies.rateLimits.reads = RateRule(name: "read", key: .address, limit: 1_000_000, window: 60, shared: false)
        let proofs = try await proofs(dependencies.proofOfWork, accounts: accounts.map(\.id))
        let server = try await ServerHandle.start(router: try buildRouter(app: context, dependencies: dependencies))
        let session = URLSession(configuration: .ephemeral)
        let url = URL(string: "http://127.0.0.1:\(server.port)/api/v1/appointments")!
        let result = try await measure { n in
            var request = URLRequest(url: url)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue("Bearer \(tokens[n])", forHTTPHeaderField: "Authorization")
            request.setValue(proofs[n], forHTTPHeaderField: "X-Citas-Proof")
            request.httpBody = Data(#"{"office":"TEST-OFFICE","date":"\#(seats[n].0)","time":"\#(seats[n].1)"}"#.utf8)
            let (_, response) = try await session.data(for: request)
            guard (response as? HTTPURLResponse)?.statusCode == 201 else { throw BenchError.unexpectedStatus }
        }
        await server.stop()
        return result
    }

    /// Runs `bookings` operations over `tasks` concurrent workers and times the whole.
    private func measure(_ operation: @escaping @Sendable (Int) async throws -> Void) async throws -> Measurement {
        let next = Counter()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<tasks {
                group.addTask {
                    while let n = next.take(below: bookings) { try await operation(n) }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - start
        return Measurement(count: bookings, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}

enum BenchError: Error {
    case unexpectedStatus
}

/// Hands out 0, 1, 2… to concurrent workers.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func take(below limit: Int) -> Int? {
        lock.withLock {
            guard value < limit else { return nil }
            defer { value += 1 }
            return value
        }
    }
}
