import ArgumentParser
import CitasPersistence
import CitasServer

/// `citas allocations …`: run what is due now (the serve job does this every 10 seconds) and replay a past
/// allocation from its recorded seed, so anyone with the database can check that a draw was what the lottery says.
struct Allocations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run due allocations (release draws and batches) or replay one from its recorded seed.",
        subcommands: [Run.self, Replay.self]
    )

    /// `citas allocations run`: every due allocation, each once, as the job would.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run every allocation whose instant has passed (exactly once each).")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let ran = try await database.withContext(database.config()) { try await $0.allocations.runDue() }
            print("allocations run: \(ran)")
        }
    }

    /// `citas allocations replay ID`: recomputes every entrant's outcome from the recorded seed, entrants and seats.
    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replay an allocation from its seed; exits 1 if it does not match.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The allocation's id (its audit row is allocation:<id>).")
        var id: Int

        func run() async throws {
            let replay = try await database.withContext(database.config()) { try await $0.allocations.replay(id) }
            print("allocation \(replay.allocation): \(replay.entrants) entrants, \(replay.allotted) seats allotted on replay")
            for difference in replay.differences { print("  \(difference)") }
            if !replay.differences.isEmpty { throw ExitCode(1) }
        }
    }
}
