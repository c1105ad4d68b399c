import ArgumentParser
import CitasPersistence
import CitasTestSupport
import Foundation

/// `citas-bench load`: a flash release through HTTP on each engine, with the limits measured in the same run
/// (booking straight on the store, a trivial route) and their ratios.
struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Flash-release load: latency percentiles, errors by code, ratios.")

    @Option(help: "Verified accounts (half enter the draw, half book directly).") var accounts = 2000
    @Option(help: "Seats of the released day at each office.") var seats = 500
    @Option(help: "Concurrent client connections.") var clients = 32
    @Option(help: "Seconds for each timed read phase.") var seconds = 5.0
    @Option(help: "Fixed proof-of-work difficulty in bits.") var powBits = 8
    @Option(help: "Booking attempts made each way (raw claim, store, HTTP) into 200 slots of 10 seats.") var attempts = 5000
    @Option(help: "Also write every line as JSON here (for scripts/measure.sh).") var json: String?

    func run() async throws {
        let options = LoadOptions(accounts: accounts, seats: seats, clients: clients, seconds: seconds, powBits: powBits)
        print(LoadTable.header)
        var report = LoadReport()
        for engine in TestDatabase.engines {
            var lines = try await AttemptRun.everyWay(on: engine, attempts: attempts, clients: clients)
            lines += try await TestDatabase.with(engine) { database in try await LoadScenario(database: database, options: options).run() }
            for summary in lines {
                print(LoadTable.line(engine: engine.rawValue, summary))
                report.phases.append(EngineRow(engine: engine.rawValue, row: summary))
            }
            let ratios = LoadTable.ratios(lines)
            for ratio in ratios { print("\(engine.rawValue): \(ratio.name) \(String(format: "%.2f", ratio.value)) (goal \(ratio.goal))") }
            report.ratios += ratios.map { EngineRow(engine: engine.rawValue, row: $0) }
        }
        if let json { try JSONEncoder().encode(report).write(to: URL(fileURLWithPath: json)) }
    }
}

/// What `--json` writes: every phase and every ratio, per engine.
struct LoadReport: Encodable {
    var phases: [EngineRow<LoadSummary>] = []
    var ratios: [EngineRow<LoadTable.Ratio>] = []
}

/// One line of a bench's output with the engine it ran on, as JSON for the measuring script.
struct EngineRow<Row: Encodable & Sendable>: Encodable, Sendable {
    let engine: String
    let row: Row

    static func write(_ rows: [Self], to path: String?) throws {
        guard let path else { return }
        try JSONEncoder().encode(rows).write(to: URL(fileURLWithPath: path))
    }
}

/// The one table every load run prints.
enum LoadTable {
    static let header =
        "engine    phase                                     requests      ok  seconds     req/s      ok/s   p50 ms   p95 ms   p99 ms  errors"

    static func line(engine: String, _ s: LoadSummary) -> String {
        func ms(_ value: Double?) -> String { value.map { String(format: "%8.1f", $0) } ?? "       -" }
        let rate = s.requests > 0 ? String(format: "%9.0f", s.requestRate) : "        -"
        let errors = s.errors.sorted { $0.value > $1.value }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        return engine.padding(toLength: 10, withPad: " ", startingAt: 0) + s.phase.padding(toLength: 40, withPad: " ", startingAt: 0)
            + String(format: "%10d  %6d  %7.2f ", s.requests, s.successes, s.seconds) + rate + String(format: " %9.0f ", s.successRate)
            + ms(s.p50) + " " + ms(s.p95) + " " + ms(s.p99) + "  " + (errors.isEmpty ? "none" : errors)
    }

    struct Ratio: Encodable, Sendable {
        let name: String
        let value: Double
        let goal: String
    }

    /// Each layer of a booking attempt against the one below it, availability against the trivial route, and the
    /// booking tail latency: the goals of issue 15, each measured in this one run.
    static func ratios(_ phases: [LoadSummary]) -> [Ratio] {
        func phase(_ prefix: String) -> LoadSummary? { phases.first { $0.phase.hasPrefix(prefix) } }
        let rate = { (prefix: String) in phase(prefix)?.requestRate ?? 0 }
        return [
            Ratio(name: "store booking / raw claim (attempts/s)", value: rate("store booking") / rate("raw claim"), goal: "≥ 0.50"),
            Ratio(name: "HTTP booking / store booking (attempts/s)", value: rate("HTTP booking") / rate("store booking"), goal: "≥ 0.50"),
            Ratio(name: "HTTP booking / raw claim (attempts/s)", value: rate("HTTP booking") / rate("raw claim"), goal: "≥ 0.25"),
            Ratio(name: "HTTP booking p99 (ms)", value: phase("HTTP booking")?.p99 ?? 0, goal: "≤ 50"),
            Ratio(name: "availability / trivial route (req/s)", value: rate("availability") / rate("trivial"), goal: "≥ 0.50"),
        ]
    }
}
