import ArgumentParser
import CitasDomain
import CitasPersistence
import CitasServer
import CitasTestSupport
import Foundation
import Logging

/// `citas-bench seed-accounts`: verified accounts with bearer sessions, written straight into the database a load
/// or crash test points Citas at, and their tokens as JSON. A test tool, not a server route: nothing in `citas serve`
/// can create accounts without the e-mail round trip.
struct SeedAccounts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "seed-accounts", abstract: "Create N verified accounts; print their tokens.")

    @Option(help: "How many accounts.") var count = 100
    @Option(help: "PostgreSQL URL (else CITAS_DATABASE_URL; else the SQLite file).") var databaseURL: String?
    @Option(help: "SQLite file when no URL is given.") var sqlitePath = "./data/citas.sqlite"
    @Option(help: "Write [{\"n\":…,\"curp\":…,\"token\":…}] here.") var out: String
    @Option(help: "The deployment keys the servers use (their mail seal). Env: CITAS_SECRETS_FILE") var secretsFile = "./data/secrets.key"

    func run() async throws {
        let logger = Logger(label: "seed-accounts")
        let environment = ProcessInfo.processInfo.environment
        let url = databaseURL ?? environment["CITAS_DATABASE_URL"]
        let seal = SecretSeal(secrets: try DeploymentSecrets.load(path: environment["CITAS_SECRETS_FILE"] ?? secretsFile), purpose: .mail)
        let database: any AppDatabase =
            if let url { try PostgresAppDatabase(url: url, logger: logger) } else {
                try await SQLiteAppDatabase.open(path: sqlitePath, logger: logger)
            }
        let now = Int(Date().timeIntervalSince1970)
        var rows: [[String: String]] = []
        try await database.closing(after: {
            for n in 0..<count {
                let seeded = try await SeededAccounts.make(
                    n,
                    email: SeededAccounts.distinctEmail(n, name: "load"),
                    database: database,
                    now: now,
                    seal: seal
                )
                rows.append(["n": "\(n)", "curp": TestData.curp(n).value, "token": seeded.token])
            }
        })
        try JSONSerialization.data(withJSONObject: rows).write(to: URL(fileURLWithPath: out))
        print("\(count) accounts written to \(out)")
    }
}
