import ArgumentParser
import CitasPassport
import Foundation

/// `citas pki …`: the Country Signing CA and its Document Signers, kept in a directory.
struct PKICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pki",
        abstract: "Create the CSCA and Document Signers (PEM files; keys owner-only).",
        subcommands: [Initialise.self, NewDS.self, RevokeDS.self, CRL.self, Rollover.self, ExportMasterList.self, ImportMasterList.self]
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

    struct RevokeDS: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke-ds",
            abstract: "Revoke a Document Signer and write its CSCA's CRL at once; a revoked current DS is replaced by a new one."
        )

        @Option(help: "The PKI directory.") var dir: String
        @Option(help: "The DS number (ds-N.pem).") var number: Int
        @Option(help: "key-compromise, superseded, affiliation-changed, cessation-of-operation, ca-compromise or unspecified.")
        var reason = "key-compromise"

        func run() throws {
            guard let why = RevocationList.Reason.allCases.first(where: { $0.name == reason }) else {
                throw ValidationError("unknown reason \(reason)")
            }
            let pki = PKIDirectory(dir)
            let next = try pki.revokeDocumentSigner(number, reason: why)
            print("DS \(number) revoked (\(why.name)); CRL written")
            if let next { print("DS \(next) now signs new passports") }
        }
    }

    struct CRL: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "crl",
            abstract: "Write a fresh CRL for every CSCA still valid (Doc 9303 Part 12: at least every 90 days)."
        )

        @Option(help: "The PKI directory.") var dir: String

        func run() throws {
            for file in try PKIDirectory(dir).writeCRLs() { print(file.path) }
        }
    }

    struct Rollover: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "CSCA rollover: a new CSCA, the link certificate from the current one, and a first DS under it."
        )

        @Option(help: "The PKI directory.") var dir: String

        func run() throws {
            let generation = try PKIDirectory(dir).rollover()
            print("CSCA generation \(generation), link-\(generation).pem and a new DS written to \(dir)")
        }
    }

    struct ExportMasterList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "master-list",
            abstract: "Write this country's CSCA Master List (CMS, DER): every valid CSCA and link certificate, signed."
        )

        @Option(help: "The PKI directory.") var dir: String
        @Option(help: "The file to write.") var out: String

        func run() throws {
            let list = try PKIDirectory(dir).masterList()
            try Data(list.der).write(to: URL(fileURLWithPath: out))
            print("\(list.certificates.count) certificates in \(out)")
        }
    }

    struct ImportMasterList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-master-list",
            abstract: "Trust the CSCAs of another State's Master List (after checking its signature) for verifying its passports."
        )

        @Option(help: "The PKI directory.") var dir: String
        @Option(help: "The Master List (DER).") var file: String
        @Option(help: "That State's CSCA (PEM), known out of band: the list's signer must chain to it.") var anchor: String?

        func run() throws {
            let list = try MasterList(der: Array(try Data(contentsOf: URL(fileURLWithPath: file))))
            let anchors = try anchor.map { try PKIDirectory.certificates(at: URL(fileURLWithPath: $0)) } ?? []
            let added = try PKIDirectory(dir).importMasterList(list, anchors: anchors)
            print("\(added) new CSCAs trusted (\(list.cscas.count) in the list, \(list.unreadable) unreadable)")
            if anchors.isEmpty { print("note: the list was checked against its own CSCAs only; pass --anchor to pin the State's CSCA") }
        }
    }
}
