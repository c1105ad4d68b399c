import ArgumentParser
import Foundation

/// Bots against honest people on a real server over HTTP with simulated time; prints each run and the mean and
/// spread over the runs (each run has its own seed for the simulation's choices, and the server's own CSPRNG seeds).
struct Fairness: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Simulate scalpers' bots against honest applicants.")

    @Option(help: "Honest applicants.") var honest = 300
    @Option(help: "Bot operators.") var operators = 4
    @Option(help: "Accounts per operator (10 fit one address's registration limit in an hour).") var accounts = 10
    @Option(help: "Independent runs.") var runs = 20
    @Option(help: "Seed of the first run; run k uses seed + k.") var seed: UInt64 = 1

    func run() async throws {
        var reports: [FairnessSimulation.Report] = []
        print(
            "run  contested bot/all  bot share  handoffs  freed bot/all  added bot/all  leftovers open/bot/honest  honest waiting  bot requests  held  429 b/h"
        )
        for run in 0..<max(runs, 1) {
            let simulation = FairnessSimulation(honest: honest, operators: operators, accountsPerOperator: accounts, seed: seed &+ UInt64(run))
            let report = try await simulation.run()
            reports.append(report)
            print(Self.line(run + 1, report))
        }
        let seats = Self.spread(reports.map(\.botShare))
        let added = Self.spread(reports.map(\.addedBotShare))
        let freed = Self.spread(reports.map(\.freedBotShare))
        let attempts = reports.map(\.handoffAttempts).reduce(0, +)
        let successes = reports.map(\.handoffSuccesses).reduce(0, +)
        print(String(format: "bot share of applicants: %.1f%%", 100 * reports[0].botApplicantShare))
        print(String(format: "bot share of contested seats: mean %.1f%%, sd %.1f%% over %d runs", seats.mean, seats.sd, reports.count))
        print(String(format: "bot share of added seats: mean %.1f%%, sd %.1f%%", added.mean, added.sd))
        print(String(format: "bot share of seats given back on cue: mean %.1f%%, sd %.1f%%", freed.mean, freed.sd))
        print(
            String(
                format: "handoffs: %d of %d reached the buyer (%.2f%%), %d of them by polling; the rest by the lottery among everyone waiting",
                successes,
                attempts,
                100 * Double(successes) / Double(max(attempts, 1)),
                reports.map(\.handoffsByPolling).reduce(0, +)
            )
        )
        print(
            "leftover seats taken by bots / honest: \(reports.map(\.leftoversToBots).reduce(0, +)) / \(reports.map(\.leftoversToHonest).reduce(0, +))"
        )
        print(
            "honest people still without a seat at the end: \(reports.map(\.honestStillWaiting).reduce(0, +)); honest requests rate-limited: \(reports.map(\.honestLimited).reduce(0, +))"
        )
    }

    static func line(_ run: Int, _ report: FairnessSimulation.Report) -> String {
        String(
            format: "%3d  %8d/%-8d  %8.1f%%  %4d/%-4d  %6d/%-6d  %6d/%-6d  %9d/%d/%-12d  %14d  %12d  %4d  %d/%d",
            run,
            report.botSeats,
            report.botSeats + report.honestSeats,
            100 * report.botShare,
            report.handoffSuccesses,
            report.handoffAttempts,
            report.freedToBots,
            report.freedSeats,
            report.addedToBots,
            report.addedSeats,
            report.leftoversOpened,
            report.leftoversToBots,
            report.leftoversToHonest,
            report.honestStillWaiting,
            report.botRequests,
            report.botHeldRefusals,
            report.botLimited,
            report.honestLimited
        )
    }

    /// Mean and sample standard deviation, in percent.
    static func spread(_ values: [Double]) -> (mean: Double, sd: Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.count > 1 ? values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1) : 0
        return (100 * mean, 100 * variance.squareRoot())
    }
}

extension FairnessSimulation.Report {
    var botShare: Double { Double(botSeats) / Double(max(botSeats + honestSeats, 1)) }
    var addedBotShare: Double { Double(addedToBots) / Double(max(addedSeats, 1)) }
    var freedBotShare: Double { Double(freedToBots) / Double(max(freedSeats, 1)) }
    var botApplicantShare: Double { Double(botApplicants) / Double(max(botApplicants + honestApplicants, 1)) }
}
