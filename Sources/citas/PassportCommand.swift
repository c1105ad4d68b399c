import ArgumentParser
import CitasPassport
import Foundation

/// `citas passport …`: the e-passport's machine-readable zone (and, later, its chip files and verification).
struct PassportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passport",
        abstract: "ICAO 9303 passport data.",
        subcommands: [MRZ.self, Chip.self, Verify.self]
    )

    struct MRZ: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read TSV with a header (id, doc_code, issuing_state, surname, given_names, document_number, nationality, "
                + "birth_date, sex, expiry_date, optional_data; dates YYMMDD; names as printed) and write TSV id, line1, line2."
        )

        func run() throws {
            var failures = 0
            guard
                let header = readLine()?.split(separator: "\t", omittingEmptySubsequences: false).map({
                    String($0).trimmingCharacters(in: .whitespaces)
                })
            else { return }
            print("id\tline1\tline2")
            while let line = readLine() {
                guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                let values = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                let row = Dictionary(zip(header, values), uniquingKeysWith: { first, _ in first })
                do {
                    let zone = try Self.zone(row)
                    print("\(row["id"] ?? "")\t\(zone.lines.0)\t\(zone.lines.1)")
                } catch {
                    failures += 1
                    print("\(row["id"] ?? "")\t\t")
                    FileHandle.standardError.write(Data("\(row["id"] ?? "?"): \(error)\n".utf8))
                }
            }
            if failures > 0 { throw ExitCode(1) }
        }

        static func zone(_ row: [String: String]) throws -> TD3 {
            // A CURP's H (hombre) is M in the MRZ; F, M and X are taken as the MRZ writes them.
            let sex = row["sex"]?.uppercased() == "H" ? "M" : row["sex"] ?? ""
            return try TD3(
                documentCode: row["doc_code"] ?? "P",
                issuingState: row["issuing_state"] ?? "",
                surname: row["surname"] ?? "",
                givenNames: row["given_names"] ?? "",
                documentNumber: row["document_number"] ?? "",
                nationality: row["nationality"] ?? "",
                birthDate: row["birth_date"] ?? "",
                sex: sex,
                expiryDate: row["expiry_date"] ?? "",
                optionalData: row["optional_data"] ?? ""
            )
        }
    }

    struct Chip: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write EF.COM, DG1, DG2, DG11, DG12, DG14, DG15, EF.SOD and mrz.txt for a holder.")

        @Option(help: "The PKI directory (its newest DS signs).") var pki: String
        @Option(help: "HOLDER.json with the data page's fields.") var holder: String
        @Option(help: "The face, a JPEG (a neutral silhouette when absent).") var photo: String?
        @Option(help: "Output directory.") var out: String
        @Option(
            help: "Where to write the chip's Active Authentication private key (PEM, owner-only) for personalisation; without it the key is dropped."
        )
        var aaKeyOut: String?

        func run() throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: holder))
            let person = try JSONDecoder().decode(PassportHolder.self, from: data)
            let jpeg = try photo.map { Array(try Data(contentsOf: URL(fileURLWithPath: $0))) }
            let chip = try PassportChip.issue(person, photo: jpeg, signer: try PKIDirectory(pki).currentSigner())
            let directory = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (name, bytes) in chip.files { try Data(bytes).write(to: directory.appendingPathComponent(name)) }
            try chip.mrz.write(to: directory.appendingPathComponent("mrz.txt"), atomically: true, encoding: .utf8)
            if let aaKeyOut {
                let pem = Data((chip.activeAuthenticationKeyPEM + "\n").utf8)
                guard FileManager.default.createFile(atPath: aaKeyOut, contents: pem, attributes: [.posixPermissions: 0o600]) else {
                    throw ValidationError("cannot write \(aaKeyOut)")
                }
            }
            print(chip.mrz, terminator: "")
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Passive Authentication of a chip directory: one line per check, a verdict; exit 0 only when all pass."
        )

        @Argument(help: "Directory with EF.SOD and the data groups (EF.COM, DG1…, mrz.txt when present).") var dir: String
        @Option(help: "The trusted CSCA certificates (PEM, one or several); without them the chain is reported as not checked.") var csca: String?
        @Option(help: "A CRL (DER or PEM) of the CSCA; repeat for several. Without one, revocation is reported as not checked.")
        var crl: [String] = []
        @Option(help: "A CSCA Master List (DER): its CSCAs are trusted once its own signature checks pass.") var masterList: String?
        @Option(help: "Verify as of this instant (ISO 8601), e.g. a sample's own date.") var at: String?

        func run() throws {
            let directory = URL(fileURLWithPath: dir)
            var files: [String: [UInt8]] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path)
            where name == "EF.SOD" || name == "EF.COM" || name.hasPrefix("DG") {
                files[name] = Array(try Data(contentsOf: directory.appendingPathComponent(name)))
            }
            let printed = try? String(contentsOf: directory.appendingPathComponent("mrz.txt"), encoding: .utf8)
            let roots = try csca.map { try PKIDirectory.certificates(at: URL(fileURLWithPath: $0)) } ?? []
            let crls = try crl.map { try RevocationList(der: Array(try Data(contentsOf: URL(fileURLWithPath: $0)))) }
            let time = try at.map { text in
                guard let date = ISO8601DateFormatter().date(from: text) else { throw ValidationError("--at must be ISO 8601") }
                return date
            }
            var checks: [PACheck] = []
            var anchors = roots
            if let masterList {
                let list = try MasterList(der: Array(try Data(contentsOf: URL(fileURLWithPath: masterList))))
                checks = list.verify(at: time ?? Date())
                if PassiveAuthentication.passed(checks) { anchors += list.cscas }
            }
            checks += PassiveAuthentication.verify(files: files, printedMRZ: printed, cscas: anchors, crls: crls, at: time ?? Date())
            for check in checks {
                print(
                    "\(check.outcome.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(check.name)\(check.detail.isEmpty ? "" : "  (\(check.detail))")"
                )
            }
            let passed = checks.allSatisfy { $0.outcome == .passed }
            let failed = checks.contains { $0.outcome == .failed }
            print(
                failed ? "verdict: FAILED" : passed ? "verdict: PASSED" : "verdict: signature and hashes valid; some checks not possible (see above)"
            )
            if !passed { throw ExitCode(1) }
        }
    }
}
