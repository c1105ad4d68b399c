import ArgumentParser
import CitasPassport
import Foundation

/// `citas passport …`: the e-passport's machine-readable zone (and, later, its chip files and verification).
struct PassportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "passport", abstract: "ICAO 9303 passport data.", subcommands: [MRZ.self])

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
}
