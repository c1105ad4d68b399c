import ArgumentParser
import CitasDomain
import CitasPersistence
import CitasServer
import CitasTestSupport
import Foundation
import Logging

/// `citas-bench national-year`: a year of national data (3.2 M appointments) at each scale, on each engine, and the
/// latency of the reads that must not grow with it.
struct NationalYear: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "national-year",
        abstract: "Generate a national year of appointments and time availability, agenda, jobs and reports."
    )

    @Option(help: "Scales of the national year (1 = 3.2 million appointments).") var scale: [Int] = [1, 10]
    @Option(help: "Appointments in a year at scale 1.") var year = 3_200_000
    @Option(help: "Timed samples of each read.") var samples = 200
    @Option(help: "Fill this empty, migrated PostgreSQL database and keep it (to look at query plans) instead.")
    var databaseURL: String?
    @Option(help: "Also write every line as JSON here (for scripts/measure.sh).") var json: String?

    func run() async throws {
        print("engine    scale  appointments  generated in  read                               samples   p50 ms   p95 ms   p99 ms")
        if let databaseURL {
            let database = try PostgresAppDatabase(url: databaseURL, logger: Logger(label: "national-year"))
            _ = try await database.closing(after: { try await measure(database, scale: scale.first ?? 1) })
            return
        }
        var rows: [EngineRow<ScaleRow>] = []
        for engine in TestDatabase.engines {
            for scale in scale {
                rows += try await TestDatabase.with(engine) { database in try await measure(database, scale: scale) }
            }
        }
        try EngineRow.write(rows, to: json)
    }

    private func measure(_ database: any AppDatabase, scale: Int) async throws -> [EngineRow<ScaleRow>] {
        let context = AppContext(database: database, clock: SystemClock(), secrets: .ephemeral())
        let start = ContinuousClock.now
        let written = try await NationalYearGenerator(context: context, appointments: year * scale).generate { _ in }
        let generated = (ContinuousClock.now - start).seconds
        return try await ScaleProbe(context: context, samples: samples).run().map { read in
            print(Self.line(engine: database.engine, scale: scale, written: written, generated: generated, read))
            return EngineRow(
                engine: database.engine.rawValue,
                row: ScaleRow(scale: scale, appointments: written, generatedSeconds: generated, read: read)
            )
        }
    }

    /// One read at one scale.
    struct ScaleRow: Encodable, Sendable {
        let scale: Int
        let appointments: Int
        let generatedSeconds: Double
        let read: LoadSummary
    }

    static func line(engine: DatabaseEngine, scale: Int, written: Int, generated: Double, _ read: LoadSummary) -> String {
        engine.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            + String(format: "%4d×  %12d  %10.0f s  ", scale, written, generated)
            + read.phase.padding(toLength: 33, withPad: " ", startingAt: 0)
            + String(format: "%8d %8.2f %8.2f %8.2f", read.requests, read.p50 ?? 0, read.p95 ?? 0, read.p99 ?? 0)
    }
}
