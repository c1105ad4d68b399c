import ArgumentParser
import CitasPersistence
import CitasTestSupport
import Foundation

/// `swift run -c release citas-bench [booking|fairness]`: measurements that are not tests.
@main
struct CitasBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "citas-bench",
        abstract: "Benchmarks and simulations.",
        subcommands: [Booking.self, Load.self, NationalYear.self, OutboxClaims.self, Fairness.self, PassportBench.self, SeedAccounts.self],
        defaultSubcommand: Booking.self
    )
}

/// Booking attempts made three ways (raw claim, store, HTTP) on each engine, with the ratios between them.
/// PostgreSQL is measured when `CITAS_TEST_POSTGRES_URL` is set (scripts/with-postgres.sh sets it).
struct Booking: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Booking attempts per second: raw claim, store and HTTP.")

    @Option(help: "Concurrent clients.") var clients = 32
    @Option(help: "Attempts made each way, into 200 slots of 10 seats.") var attempts = 5000

    func run() async throws {
        print(LoadTable.header)
        for engine in TestDatabase.engines {
            let lines = try await AttemptRun.everyWay(on: engine, attempts: attempts, clients: clients)
            for line in lines { print(LoadTable.line(engine: engine.rawValue, line)) }
            for ratio in LoadTable.ratios(lines) where !ratio.name.hasPrefix("availability") {
                print("\(engine.rawValue): \(ratio.name) \(String(format: "%.2f", ratio.value)) (goal \(ratio.goal))")
            }
        }
    }
}
