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
        subcommands: [Booking.self, Load.self, NationalYear.self, Fairness.self, PassportBench.self, SeedAccounts.self],
        defaultSubcommand: Booking.self
    )
}

/// Booking throughput straight on the store and through HTTP, per engine. PostgreSQL is measured when
/// `CITAS_TEST_POSTGRES_URL` is set (scripts/with-postgres.sh sets it).
struct Booking: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Booking transactions per second: store and HTTP.")

    @Option(help: "Concurrent tasks (clients).") var tasks = 16
    @Option(help: "Bookings per measurement.") var bookings = 3000

    func run() async throws {
        print("engine    path   tasks  bookings  seconds  bookings/s")
        for engine in TestDatabase.engines {
            let store = try await TestDatabase.with(engine) { database in
                try await BookingRun(database: database, tasks: tasks, bookings: bookings).measureStore()
            }
            let http = try await TestDatabase.with(engine) { database in
                try await BookingRun(database: database, tasks: tasks, bookings: bookings).measureHTTP()
            }
            for (path, result) in [("store", store), ("http", http)] {
                print(
                    engine.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0) + path.padding(toLength: 7, withPad: " ", startingAt: 0)
                        + String(format: "%5d  %8d  %7.2f  %10.0f", tasks, result.count, result.seconds, result.rate)
                )
            }
            print(String(format: "ratio http/store on %@: %.2f", engine.rawValue, http.rate / store.rate))
        }
    }
}

/// How many bookings succeeded in how long.
struct Measurement {
    let count: Int
    let seconds: Double
    var rate: Double { Double(count) / seconds }
}
