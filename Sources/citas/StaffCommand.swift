import ArgumentParser
import CitasDomain
import CitasPersistence
import CitasServer
import Foundation

/// `citas staff create`: the first admin, and any member of staff, from the command line.
struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "staff", abstract: "Create staff accounts.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a member of staff; the password is read from the first line of standard input."
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Log-in e-mail.") var email: String
        @Option(help: "Full name.") var name: String
        @Option(help: "admin, manager, clerk, agent or auditor.") var role: String
        @Option(help: "Office code (repeat for managers of several offices).") var office: [String] = []

        func run() async throws {
            guard let role = StaffRole(rawValue: role) else { throw ValidationError("role must be one of \(StaffRole.allCases.map(\.rawValue))") }
            guard role.isNational || !office.isEmpty else { throw ValidationError("a \(role.rawValue) needs at least one --office") }
            guard role != .clerk || office.count == 1 else { throw ValidationError("a clerk works at exactly one office") }
            guard let password = readLine(strippingNewline: true), !password.isEmpty else { throw ValidationError("no password on standard input") }
            try PasswordPolicy.check(password)
            let hash = try await PasswordHasher().hash(password)
            try await database.withContext(database.config()) { context in
                for code in office { _ = try await context.offices.require(code) }
                let id = try await context.staff.create(
                    email: email,
                    name: name,
                    role: role,
                    offices: office,
                    passwordHash: hash,
                    actor: "cli",
                    now: context.clock.now().epoch
                )
                print("created \(role.rawValue) \(email) (\(id))")
            }
        }
    }
}

/// `citas report --month YYYY-MM`: the monthly figures per office as CSV on standard output.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Print a month's figures per office as CSV.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The month, YYYY-MM.") var month: String

    func run() async throws {
        _ = try LocalDate(month + "-01")
        try await database.withContext(database.config()) { context in
            print(ReportCSV.text(month: month, rows: try await context.reports.monthly(month)), terminator: "")
        }
    }
}
