import ArgumentParser
import CitasDomain
import CitasServer

/// `citas slots …`
struct Slots: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage bookable slots.", subcommands: [Generate.self])

    /// `citas slots generate --from DATE --days N [--office CODE]`: idempotent.
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the missing slots of a date range (idempotent).")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "First day, YYYY-MM-DD (default: each office's today).")
        var from: String?

        @Option(help: "Number of days.")
        var days: Int = 60

        @Option(help: "Only this office code.")
        var office: String?

        func run() async throws {
            let start = try from.map { try LocalDate($0) }
            guard (1...400).contains(days) else { throw ValidationError("--days must be between 1 and 400") }
            let created = try await database.withContext(database.config()) { context in
                try await Setup.generateSlots(context, from: start, days: days, officeCode: office)
            }
            print("slots created: \(created)")
        }
    }
}
