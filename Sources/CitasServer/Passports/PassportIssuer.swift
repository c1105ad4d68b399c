import CitasDomain
import CitasPassport
import CitasPersistence
import Foundation

/// Turns an attended, paid appointment into a passport: the holder's data page, the MRZ and the chip files signed
/// by the PKI's current Document Signer.
struct PassportIssuer: Sendable {
    let store: PassportStore
    let pki: PKIDirectory

    /// Issues with the office photo, refused (`photo_format`, `photo_too_large`, `photo_dimensions`) before anything
    /// is signed or written unless it passes `PassportPhoto.check`.
    func issue(folio: String, staff: StaffMember, photo: [UInt8]) async throws -> IssuedPassport {
        do {
            _ = try PassportPhoto.check(photo)
        } catch {
            switch error {
            case .format: throw CitasError(.photoFormat)
            case .tooLarge: throw CitasError(.photoTooLarge)
            case .dimensions: throw CitasError(.photoDimensions)
            }
        }
        let signer: PassportPKI.Signer
        do {
            signer = try pki.currentSigner()
        } catch let error as PKIError {
            throw CitasError(.passportSigningUnavailable, detail: "\(error)")
        }
        return try await store.issue(folio: folio, staff: staff) { request in
            let expiry = Self.adding(years: request.validityYears, to: request.issuedOn)
            let identity = request.identity
            let holder = PassportHolder(
                documentCode: "PP",
                documentNumber: request.documentNumber,
                surname: [identity.paternalSurname, identity.maternalSurname].filter { !$0.isEmpty }.joined(separator: " "),
                givenNames: identity.givenNames,
                nationality: "MEX",
                birthDate: identity.birthDate.description,
                // The CURP writes H (hombre) and M (mujer); the passport F, M or X.
                sex: identity.sex == .h ? "M" : identity.sex == .m ? "F" : "X",
                expiryDate: expiry.description,
                personalNumber: request.curp,
                placeOfBirth: CurpStates.named.first { $0.code == identity.birthState }?.name,
                issuingAuthority: Self.authority,
                issueDate: request.issuedOn.description
            )
            let chip = try PassportChip.issue(holder, photo: photo, signer: signer)
            let files = Dictionary(uniqueKeysWithValues: chip.files.map { ($0.key, Data($0.value).base64EncodedString()) })
            let json = String(decoding: try JSONEncoder.sorted.encode(files), as: UTF8.self)
            return BuiltPassport(mrz: chip.mrz, chip: json, expiryDate: expiry)
        }
    }

    /// DG12's issuing authority, as the data page prints it.
    static let authority = "SECRETARÍA DE RELACIONES EXTERIORES"

    /// The chip files of an issued passport, decoded.
    static func files(_ passport: IssuedPassport) -> [String: [UInt8]] {
        let stored = (try? JSONDecoder().decode([String: String].self, from: Data(passport.chip.utf8))) ?? [:]
        return stored.compactMapValues { Data(base64Encoded: $0).map(Array.init) }
    }

    /// Same day, `years` later (29 February falls to 28 February in a common year).
    static func adding(years: Int, to date: LocalDate) -> LocalDate {
        let year = date.year + years
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return LocalDate(year: year, month: date.month, day: date.month == 2 && date.day == 29 && !leap ? 28 : date.day)
    }
}

extension JSONEncoder {
    /// Stable key order, so stored JSON compares byte for byte.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
