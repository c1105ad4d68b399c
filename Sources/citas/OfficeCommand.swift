import ArgumentParser
import CitasDomain
import CitasPersistence
import CitasServer

/// `citas office …`: day-level changes that must never drop a booking silently.
struct OfficeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "office",
        abstract: "Close days and change capacity; refuses (and lists them) when bookings are in the way.",
        subcommands: [CloseDay.self, SetCapacity.self]
    )

    struct CloseDay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close an office for one day.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Office code.") var office: String
        @Option(help: "Day, YYYY-MM-DD.") var date: String
        @Option(help: "Why (kept in the exception and the audit log).") var reason: String

        func run() async throws {
            let day = try LocalDate(date)
            try await database.withContext(database.config()) { context in
                _ = try await context.offices.require(office)
                try await context.slots.closeDay(office: office, date: day, reason: reason, actor: "cli")
            }
            print("closed \(office) on \(day)")
        }
    }

    struct SetCapacity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set the seats per slot of one day.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Office code.") var office: String
        @Option(help: "Day, YYYY-MM-DD.") var date: String
        @Option(help: "Seats per slot.") var capacity: Int

        func run() async throws {
            let day = try LocalDate(date)
            try await database.withContext(database.config()) { context in
                _ = try await context.offices.require(office)
                try await context.slots.setCapacity(office: office, date: day, capacity: capacity, actor: "cli")
            }
            print("capacity of \(office) on \(day) set to \(capacity)")
        }
    }
}
