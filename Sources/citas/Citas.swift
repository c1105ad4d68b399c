import ArgumentParser
import CitasServer
import Foundation
import Logging

/// The `citas` command: runs the server and the operator's tasks.
@main
struct Citas: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "citas",
        abstract: "Citas: passport appointments, fair and bound to one identity.",
        subcommands: [
            Serve.self, Migrate.self, Seed.self, Slots.self, Allocations.self, OfficeCommand.self, AccountCommand.self, StaffCommand.self,
            ReportCommand.self,
            AppointmentCommand.self, PassportCommand.self, PKICommand.self, SecretsCommand.self, CurpCommand.self, EmailCommand.self,
            BlocklistCommand.self, AuditCommand.self, BackupCommand.self, RestoreCommand.self,
        ]
    )

    /// Every file Citas creates (the SQLite file, `data/`, mail, PKI keys) is its owner's only; every log line is
    /// written by `LineLogHandler`.
    static func main() async {
        umask(0o077)
        let format = AppConfig.fromEnvironment().logFormat
        LoggingSystem.bootstrap { LineLogHandler(label: $0, format: format) }
        await main(nil)
    }
}
