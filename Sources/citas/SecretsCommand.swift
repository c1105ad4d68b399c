import ArgumentParser
import CitasPersistence
import CitasServer

/// `citas secrets rotate`: a new current deployment key, the old one kept as previous.
struct SecretsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets",
        abstract: "Manage the deployment keys file (proof-of-work signing, sealed mail).",
        subcommands: [Rotate.self]
    )

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new current key and keep the current one as previous; then restart every instance, one at a time."
        )

        @Option(help: "The keys file. Env: CITAS_SECRETS_FILE (default ./data/secrets.key)") var file: String?

        func run() throws {
            let path = file ?? AppConfig.fromEnvironment().secretsFile
            let keys = try DeploymentSecrets.rotate(path: path)
            print("current key \(keys.current.id), previous \(keys.previous?.id ?? "none") written to \(path)")
        }
    }
}
