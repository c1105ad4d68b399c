import Crypto
import Foundation

/// The holder's data as the data page prints it (the `HOLDER.json` of `citas passport chip`).
public struct PassportHolder: Codable, Sendable, Hashable {
    public var documentCode: String
    public var documentNumber: String
    public var surname: String
    public var givenNames: String
    public var nationality: String
    /// `YYYY-MM-DD`.
    public var birthDate: String
    /// `F`, `M` or `X`.
    public var sex: String
    public var expiryDate: String
    public var optionalData: String?
    /// DG11: the CURP, the place of birth as printed. DG12: the issuing authority, the date of issue (`YYYY-MM-DD`).
    public var personalNumber: String?
    public var placeOfBirth: String?
    public var issuingAuthority: String?
    public var issueDate: String?

    public init(
        documentCode: String,
        documentNumber: String,
        surname: String,
        givenNames: String,
        nationality: String,
        birthDate: String,
        sex: String,
        expiryDate: String,
        optionalData: String? = nil,
        personalNumber: String? = nil,
        placeOfBirth: String? = nil,
        issuingAuthority: String? = nil,
        issueDate: String? = nil
    ) {
        self.documentCode = documentCode
        self.documentNumber = documentNumber
        self.surname = surname
        self.givenNames = givenNames
        self.nationality = nationality
        self.birthDate = birthDate
        self.sex = sex
        self.expiryDate = expiryDate
        self.optionalData = optionalData
        self.personalNumber = personalNumber
        self.placeOfBirth = placeOfBirth
        self.issuingAuthority = issuingAuthority
        self.issueDate = issueDate
    }

    /// The zone; dates `YYYY-MM-DD` become `YYMMDD`, the issuing State is the nationality's (MEX).
    public func zone() throws(MRZError) -> TD3 {
        try TD3(
            documentCode: documentCode,
            issuingState: nationality,
            surname: surname,
            givenNames: givenNames,
            documentNumber: documentNumber,
            nationality: nationality,
            birthDate: try Self.yymmdd(birthDate, "birth_date"),
            sex: sex,
            expiryDate: try Self.yymmdd(expiryDate, "expiry_date"),
            optionalData: optionalData ?? ""
        )
    }

    static func yymmdd(_ date: String, _ field: String) throws(MRZError) -> String {
        let parts = date.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2 else { throw MRZError.invalidField(field) }
        return String(parts[0].suffix(2) + parts[1] + parts[2])
    }
}

/// Everything written to a passport's chip, plus the printed MRZ and the Active Authentication key for the
/// personalisation step (not a chip file: whoever keeps `files` never holds it).
public struct PassportChip: Sendable {
    public let com: [UInt8]
    public let dg1: [UInt8]
    public let dg2: [UInt8]
    public let dg11: [UInt8]
    public let dg12: [UInt8]
    public let dg14: [UInt8]
    public let dg15: [UInt8]
    public let sod: [UInt8]
    public let mrz: String
    public let activeAuthenticationKey: P256.Signing.PrivateKey

    /// The Active Authentication private key, PEM, for the personalisation step.
    public var activeAuthenticationKeyPEM: String { activeAuthenticationKey.pemRepresentation }

    /// The data groups present, as EF.COM and the SOD list them.
    public static let dataGroups = [1, 2, 11, 12, 14, 15]

    /// The chip files by their names (`EF.COM`, `DG1`, `DG2`, `DG11`, `DG12`, `DG14`, `DG15`, `EF.SOD`), as `verify`
    /// takes them.
    public var files: [String: [UInt8]] {
        ["EF.COM": com, "DG1": dg1, "DG2": dg2, "DG11": dg11, "DG12": dg12, "DG14": dg14, "DG15": dg15, "EF.SOD": sod]
    }

    /// Builds the data groups (DG2 from the photo, or a neutral silhouette), a fresh Active Authentication key pair,
    /// EF.COM, and the SOD signed by `signer`.
    public static func issue(_ holder: PassportHolder, photo: [UInt8]?, signer: PassportPKI.Signer, at time: Date = Date()) throws -> PassportChip {
        let zone = try holder.zone()
        let jpeg = try photo ?? silhouette()
        guard let size = PassportPhoto.frame(jpeg) else { throw MRZError.invalidField("photo") }
        let sex: DG2.Sex =
            switch holder.sex.uppercased() {
            case "F": .female
            case "M": .male
            default: .unspecified
            }
        let key = P256.Signing.PrivateKey()
        let groups: [(number: Int, bytes: [UInt8])] = [
            (1, LDSFiles.dg1(zone)), (2, DG2.file(jpeg: jpeg, width: size.width, height: size.height, sex: sex)),
            (11, AdditionalDetails.dg11(holder)), (12, AdditionalDetails.dg12(holder)), (14, ActiveAuthentication.dg14()),
            (15, ActiveAuthentication.dg15(key.publicKey)),
        ]
        return PassportChip(
            com: LDSFiles.com(dataGroups: groups.map(\.number)),
            dg1: groups[0].bytes,
            dg2: groups[1].bytes,
            dg11: groups[2].bytes,
            dg12: groups[3].bytes,
            dg14: groups[4].bytes,
            dg15: groups[5].bytes,
            sod: try SecurityObject.sign(dataGroups: groups, signer: signer, at: time),
            mrz: zone.lines.0 + "\n" + zone.lines.1 + "\n",
            activeAuthenticationKey: key
        )
    }

    /// The neutral face of a chip issued without a photo: for tests and the command line, never for an office.
    public static func silhouette() throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "silhouette", withExtension: "jpg") else { throw MRZError.invalidField("photo") }
        return Array(try Data(contentsOf: url))
    }
}
