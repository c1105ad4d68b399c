import ArgumentParser
import Foundation

/// Bots against honest people on a real server with simulated time; prints who got the seats, run after run, and
/// the mean and spread over the runs (each run has fresh draw seeds and release instants).
struct Fairness: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Simulate scalpers' bots against honest applicants.")

    @Option(help: "Honest applicants.") var honest = 60
    @Option(help: "Bot operators.") var operators = 4
    @Option(help: "Accounts per operator.") var accounts = 10
    @Option(help: "Independent runs.") var runs = 1

    func run() async throws {
        var reports: [FairnessSimulation.Report] = []
        print("run  bot seats  bot share  bot applicants  handoffs  released h/b  limited h/b  honest answers")
        for run in 1...max(runs, 1) {
            let report = try await FairnessSimulation(honest: honest, operators: operators, accountsPerOperator: accounts).run()
            reports.append(report)
            print(Self.line(run, report))
        }
        let seats = Self.spread(reports.map(\.botShare))
        let handoffs = Self.spread(reports.map(\.handoffRate))
        print(String(format: "bot share of seats: mean %.1f%%, sd %.1f%% over %d runs", seats.mean, seats.sd, reports.count))
        print(String(format: "bot share of applicants: %.1f%%", 100 * reports[0].botApplicantShare))
        print(String(format: "handoff success: mean %.1f%%, sd %.1f%%", handoffs.mean, handoffs.sd))
        print("honest requests wrongly rate-limited: \(reports.map(\.honestLimited).reduce(0, +)) in all runs")
    }

    static func line(_ run: Int, _ report: FairnessSimulation.Report) -> String {
        String(
            format: "%3d  %4d/%-4d  %8.1f%%  %13.1f%%  %4d/%-4d  %6d/%-5d  %5d/%-5d  ",
            run,
            report.botSeats,
            report.botSeats + report.honestSeats,
            100 * report.botShare,
            100 * report.botApplicantShare,
            report.handoffSuccesses,
            report.handoffAttempts,
            report.releasedToHonest,
            report.releasedToBots,
            report.honestLimited,
            report.botLimited
        )
            + (report.honestStatuses.isEmpty
                ? "none" : report.honestStatuses.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " "))
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
    var botApplicantShare: Double { Double(botApplicants) / Double(max(botApplicants + honestApplicants, 1)) }
    var handoffRate: Double { Double(handoffSuccesses) / Double(max(handoffAttempts, 1)) }
}
