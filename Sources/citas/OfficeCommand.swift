import ArgumentParser
import CitasDomain
import CitasPersistence
import CitasServer

/// `citas office …`: day-level changes that must never drop a booking silently.
struct OfficeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "office",
        abstract: "Close days, change capacity and the release schedule; refuses (and lists them) when bookings are in the way.",
        subcommands: [CloseDay.self, SetCapacity.self, SetRelease.self]
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

    struct SetRelease: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set when the office releases its days to their draws (days already scheduled keep their instant)."
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Office code.") var office: String
        @Option(help: "Local time of the release, HH:MM.") var time: String
        @Option(help: "Days before the appointment day (0–365).") var daysAhead: Int

        func run() async throws {
            let schedule = try ReleaseSchedule(timeOfDay: try LocalTime(time), daysAhead: daysAhead)
            try await database.withContext(database.config()) { context in
                try await context.offices.setRelease(office: office, to: schedule, actor: "cli", now: context.clock.now().epoch)
            }
            print("\(office) releases each day at \(schedule.timeOfDay), \(schedule.daysAhead) days ahead")
        }
    }
}
