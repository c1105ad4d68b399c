import ArgumentParser
import CitasDomain
import CitasPersistence
import CitasServer
import Foundation

/// `citas email check [ADDRESS…]`: one answer line per address (stdin when none is given).
struct EmailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "email", abstract: "Check e-mail addresses.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print `allowed <canonical> <key>`, `relay <canonical> <key>`, `blocked <code>` or `invalid <code>` per address."
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Addresses; read from stdin, one per line, when none is given.") var addresses: [String] = []

        func run() async throws {
            let lines = addresses.isEmpty ? Array(AnyIterator { readLine(strippingNewline: true) }) : addresses
            let policy = try EmailPolicy.shipped
            try await database.withContext(database.config()) { context in
                for line in lines { print(try await EmailCheck.answer(line, policy: policy, rules: context.emailRules)) }
            }
        }
    }
}

/// `citas blocklist import FILE | add DOMAIN… | allow DOMAIN…`: operators' rules, stored in the database, effective
/// at once on every instance and outranking the shipped lists.
struct BlocklistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blocklist",
        abstract: "Block or allow e-mail domains without a release.",
        subcommands: [Import.self, Add.self, Allow.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Block every domain in FILE (one per line, # comments).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The list file.") var file: String

        func run() async throws {
            let domains = try EmailCheck.domains(fromList: try String(contentsOfFile: file, encoding: .utf8))
            try await BlocklistCommand.set(.block, domains, source: "cli:import:\(URL(fileURLWithPath: file).lastPathComponent)", database)
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Block these domains (and their subdomains).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Domains.") var domains: [String]

        func run() async throws {
            try await BlocklistCommand.set(.block, try EmailCheck.domains(fromList: domains.joined(separator: "\n")), source: "cli:add", database)
        }
    }

    struct Allow: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Allow these domains whatever the lists say.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Domains.") var domains: [String]

        func run() async throws {
            try await BlocklistCommand.set(.allow, try EmailCheck.domains(fromList: domains.joined(separator: "\n")), source: "cli:allow", database)
        }
    }

    static func set(_ rule: DomainRule, _ domains: [String], source: String, _ database: DatabaseOptions) async throws {
        let count = try await database.withContext(database.config()) { context in
            try await context.emailRules.set(rule, for: domains, source: source, now: Int(Date().timeIntervalSince1970))
        }
        print("\(rule.rawValue): \(count) domains")
    }
}
