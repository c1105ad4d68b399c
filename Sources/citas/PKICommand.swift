import ArgumentParser
import CitasPassport
import Foundation

/// `citas pki …`: the Country Signing CA and its Document Signers, kept in a directory.
struct PKICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pki",
        abstract: "Create the CSCA and Document Signers (PEM files; keys owner-only).",
        subcommands: [Initialise.self, NewDS.self]
    )

    struct Initialise: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "init", abstract: "Create a CSCA and the first DS in DIR.")

        @Option(help: "Directory for the PEM files.") var dir: String
        @Option(help: "P-256 or P-384.") var curve = "P-256"

        func run() throws {
            guard let curve = PassportPKI.Curve(rawValue: curve.uppercased()) else { throw ValidationError("curve must be P-256 or P-384") }
            try PKIDirectory(dir).initialise(curve: curve)
            print("CSCA and DS 1 written to \(dir)")
        }
    }

    struct NewDS: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new-ds",
            abstract: "Issue the next Document Signer; passports signed by earlier ones stay verifiable."
        )

        @Option(help: "The PKI directory.") var dir: String

        func run() throws {
            print("DS \(try PKIDirectory(dir).newDocumentSigner()) written to \(dir)")
        }
    }
}
