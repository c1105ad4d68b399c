import ArgumentParser
import CitasDomain
import CitasPersistence
import CitasServer
import Foundation

/// `citas staff create | list | disable | reset`: the first admin, and any member of staff, from the command line.
/// Every change is audited with the actor `cli`.
struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Create, list, disable and reset staff accounts.",
        subcommands: [Create.self, List.self, Disable.self, Reset.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per member: e-mail, role, offices, second factor, state.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await database.withContext(database.config()) { context in
                for member in try await context.staff.list() {
                    let secondFactor = member.role.requiresSecondFactor ? (member.secondFactor ? "totp" : "totp-pending") : "-"
                    let offices = member.offices.isEmpty ? "-" : member.offices.joined(separator: ",")
                    print("\(member.email)\t\(member.role.rawValue)\t\(offices)\t\(secondFactor)\t\(member.disabled ? "disabled" : "active")")
                }
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a member and end their sessions.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The member's log-in e-mail.") var email: String

        func run() async throws {
            try await database.withContext(database.config()) { context in
                guard let id = try await context.staff.id(email: email) else { throw ValidationError("no member of staff \(email)") }
                let done = try await context.staff.disable(staffId: id, actor: "cli", now: context.clock.now().epoch)
                print(done ? "disabled \(email)" : "\(email) was already disabled")
            }
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a new password (first line of standard input), clear the second factor and end every session; re-enables."
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The member's log-in e-mail.") var email: String

        func run() async throws {
            guard let password = readLine(strippingNewline: true), !password.isEmpty else { throw ValidationError("no password on standard input") }
            try PasswordPolicy.check(password)
            let hash = try await PasswordHasher().hash(password)
            try await database.withContext(database.config()) { context in
                guard let id = try await context.staff.id(email: email) else { throw ValidationError("no member of staff \(email)") }
                _ = try await context.staff.resetCredentials(staffId: id, passwordHash: hash, actor: "cli", now: context.clock.now().epoch)
                print("reset \(email): new password set, second factor to set up at the next log-in")
            }
        }
    }

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
