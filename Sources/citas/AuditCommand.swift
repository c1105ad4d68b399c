import ArgumentParser
import CitasPersistence
import CitasServer

/// `citas audit verify`: walks the audit log's hash chains and says where the first one breaks.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the audit log.",
        subcommands: [Verify.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk every audit chain and the digest of the rows from before it; exit 1 at the first break.",
            discussion: "Prints each chain's head: copy them somewhere the database's writers cannot reach (the daily log archive) and compare."
        )

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let result = try await database.withContext(database.config()) { try await AuditChain.verify($0.database) }
            for head in result.heads where head.seq > 0 { print("chain \(head.chain)\t\(head.seq)\t\(head.hash)") }
            if let found = result.firstBreak {
                print("audit log BROKEN: \(found)")
                throw ExitCode(1)
            }
            print("audit log verified: \(result.chainedRows) chained rows, \(result.historyRows) from before the chain")
        }
    }
}
