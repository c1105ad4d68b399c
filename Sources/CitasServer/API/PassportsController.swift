import CitasDomain
import CitasPassport
import Foundation
import Hummingbird

/// `POST /api/v1/passports/verify`: Passive Authentication of chip files anyone read from a passport, against this
/// deployment's CSCA.
struct PassportsController {
    let pki: PKIDirectory?

    struct VerifyBody: Decodable {
        /// File name (`EF.SOD`, `EF.COM`, `DG1`…) → base64 content.
        let files: [String: String]
        let printedMrz: String?
        /// Base64 CRLs (DER) beside the deployment's own, e.g. another State's.
        let crls: [String]?
    }

    struct Report: Encodable {
        struct Check: Encodable {
            let name: String
            let outcome: String
            let detail: String
        }

        let verdict: String
        let checks: [Check]
    }

    func register(on group: RouterGroup<AppRequestContext>) {
        group.post("passports/verify") { request, _ in
            // Chip files with a face image are larger than any other request body.
            let body = try await JSONRequest.decode(VerifyBody.self, from: request, limit: 512 * 1024)
            var files: [String: [UInt8]] = [:]
            for (name, text) in body.files.prefix(20) {
                guard name == "EF.SOD" || name == "EF.COM" || (name.hasPrefix("DG") && Int(name.dropFirst(2)) != nil) else {
                    throw CitasError(.malformedJSON, detail: "files.\(name.prefix(20)) is not a chip file")
                }
                guard let bytes = Data(base64Encoded: text) else { throw CitasError(.malformedJSON, detail: "files.\(name) is not base64") }
                files[name] = Array(bytes)
            }
            // At most 8, as the OpenAPI document says: more is refused, not cut silently.
            guard (body.crls ?? []).count <= 8 else { throw CitasError(.malformedJSON, detail: "crls holds more than 8") }
            var crls = try pki?.crls() ?? []
            for (index, text) in (body.crls ?? []).enumerated() {
                guard let bytes = Data(base64Encoded: text), let crl = try? RevocationList(der: Array(bytes)) else {
                    throw CitasError(.malformedJSON, detail: "crls.\(index) is not a CRL")
                }
                crls.append(crl)
            }
            let checks = PassiveAuthentication.verify(
                files: files,
                printedMRZ: body.printedMrz,
                cscas: try (pki?.cscas() ?? []) + (pki?.importedCSCAs() ?? []),
                crls: crls
            )
            let verdict =
                checks.contains { $0.outcome == .failed } ? "failed" : checks.allSatisfy { $0.outcome == .passed } ? "passed" : "incomplete"
            return Response.json(
                Report(verdict: verdict, checks: checks.map { Report.Check(name: $0.name, outcome: $0.outcome.rawValue, detail: $0.detail) })
            )
        }
    }
}
