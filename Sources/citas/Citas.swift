import ArgumentParser

/// The `citas` command: runs the server and the operator's tasks.
@main
struct Citas: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "citas",
        abstract: "Citas: passport appointments, fair and bound to one identity.",
        subcommands: [
            Serve.self, Migrate.self, Seed.self, Slots.self, Allocations.self, OfficeCommand.self, AccountCommand.self, StaffCommand.self,
            ReportCommand.self,
            PassportCommand.self, PKICommand.self, CurpCommand.self, EmailCommand.self,
            BlocklistCommand.self,
        ]
    )
}
