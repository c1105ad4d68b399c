import ArgumentParser
import CitasDomain
import CitasPersistence
import CitasServer

/// `citas account …`: an operator's view of one account's risk, and claw-back until the back office has pages.
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Show an account's risk signals; suspend (claw back) or reinstate it, with a reason.",
        subcommands: [Risk.self, Suspend.self, Reinstate.self]
    )

    /// Finds the account or fails with a message an operator can act on.
    static func account(_ who: String, in context: AppContext) async throws -> Account {
        guard let account = try await context.accounts.account(emailOrCurp: who) else {
            throw ValidationError("no account with e-mail or CURP \(who)")
        }
        return account
    }

    struct Risk: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the account's risk signals and score.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "E-mail address or CURP.") var who: String

        func run() async throws {
            try await database.withContext(database.config()) { context in
                let account = try await AccountCommand.account(who, in: context)
                let assessment = try await context.risk.assess(accountId: account.id)
                print("account \(account.id) \(account.email) \(account.curp)")
                for signal in assessment.signals { print("  +\(signal.points) \(signal.kind.rawValue): \(signal.evidence(in: .en))") }
                print("score \(assessment.score)")
            }
        }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suspend the account: end its sessions, withdraw its draw requests, cancel its appointment."
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "E-mail address or CURP.") var who: String
        @Option(help: "Why (kept in the account and the audit log).") var reason: String

        func run() async throws {
            try await database.withContext(database.config()) { context in
                let account = try await AccountCommand.account(who, in: context)
                let outcome = try await context.clawBack.suspend(accountId: account.id, reason: reason, actor: "cli")
                print(
                    "suspended \(account.email); cancelled \(outcome.cancelledFolio ?? "no appointment"); withdrew \(outcome.withdrawnRequests) draw requests"
                )
            }
        }
    }

    struct Reinstate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift a suspension (cancelled appointments stay cancelled).")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "E-mail address or CURP.") var who: String
        @Option(help: "Why (kept in the audit log).") var reason: String

        func run() async throws {
            try await database.withContext(database.config()) { context in
                let account = try await AccountCommand.account(who, in: context)
                try await context.clawBack.reinstate(accountId: account.id, reason: reason, actor: "cli")
                print("reinstated \(account.email)")
            }
        }
    }
}
