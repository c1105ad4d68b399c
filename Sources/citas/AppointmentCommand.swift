import ArgumentParser
import CitasDomain
import CitasPersistence
import CitasServer
import Crypto
import Foundation

/// `citas appointment verify-qr` and `citas appointment proof-keys`: the comprobante's signed code, checked on a
/// desk machine without the database (only the public keys), and the public keys to install there.
struct AppointmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "appointment",
        abstract: "Check a comprobante's QR code offline, or print the public keys that check it.",
        subcommands: [VerifyQR.self, ProofKeys.self]
    )

    struct VerifyQR: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-qr",
            abstract: "Check the text of a comprobante's QR code (as a scanner types it). Exit status 0: genuine; 1: not.",
            discussion: """
                With --public-key (repeatable; from `citas appointment proof-keys`) nothing else is needed; otherwise the
                deployment keys file is read. Says what the code binds: folio, CURP, office and time. Whether the
                appointment still stands is the agenda's to say (the back office's "Verificar comprobante" page).
                """
        )

        @Argument(help: "The code: CITAS1:<folio>:<CURP>:<office>:<YYYYMMDDHHMM>:<signature>") var code: String
        @Option(name: .customLong("public-key"), help: "A public key in base64 (repeat for the previous one).") var publicKeys: [String] = []
        @Option(help: "The keys file. Env: CITAS_SECRETS_FILE (default ./data/secrets.key)") var file: String?

        func run() throws {
            let keys = try publicKeys.isEmpty ? try signer(file).publicKeys : publicKeys.map(Self.publicKey)
            switch AppointmentProof.verify(code, publicKeys: keys) {
            case .valid(let proof):
                print("genuine: folio \(proof.folio), CURP \(proof.curp), office \(proof.office), \(proof.date) \(proof.time) (office time)")
            case .forged:
                print("NOT genuine: the signature does not match (altered, or not issued by this service)")
                throw ExitCode.failure
            case .malformed:
                print("not a Citas appointment code")
                throw ExitCode.failure
            }
        }

        static func publicKey(_ text: String) throws -> Curve25519.Signing.PublicKey {
            guard let data = Data(base64Encoded: text), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: data) else {
                throw ValidationError("--public-key \(text) is not a base64 Ed25519 public key (32 bytes)")
            }
            return key
        }
    }

    struct ProofKeys: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "proof-keys",
            abstract: "Print the public keys that check comprobante codes: the current one, then the previous one after a rotation."
        )

        @Option(help: "The keys file. Env: CITAS_SECRETS_FILE (default ./data/secrets.key)") var file: String?

        func run() throws {
            for key in try signer(file).publishedKeys { print(key) }
        }
    }
}

/// The signer of the deployment's keys file, which must already exist: checking a code never creates keys.
private func signer(_ file: String?) throws -> AppointmentProofSigner {
    let path = file ?? AppConfig.fromEnvironment().secretsFile
    guard FileManager.default.fileExists(atPath: path) else {
        throw ValidationError("no deployment keys at \(path): pass --file or --public-key")
    }
    return try AppointmentProofSigner(secrets: try DeploymentSecrets.load(path: path))
}
