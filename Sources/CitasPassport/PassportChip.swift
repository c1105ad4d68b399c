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

    public init(
        documentCode: String,
        documentNumber: String,
        surname: String,
        givenNames: String,
        nationality: String,
        birthDate: String,
        sex: String,
        expiryDate: String,
        optionalData: String? = nil
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

/// Everything written to a passport's chip, plus the printed MRZ.
public struct PassportChip: Sendable {
    public let com: [UInt8]
    public let dg1: [UInt8]
    public let dg2: [UInt8]
    public let sod: [UInt8]
    public let mrz: String

    /// The chip files by their names (`EF.COM`, `DG1`, `DG2`, `EF.SOD`), as `verify` takes them.
    public var files: [String: [UInt8]] { ["EF.COM": com, "DG1": dg1, "DG2": dg2, "EF.SOD": sod] }

    /// Builds DG1 and DG2 (the photo, or a neutral silhouette), EF.COM, and the SOD signed by `signer`.
    public static func issue(_ holder: PassportHolder, photo: [UInt8]?, signer: PassportPKI.Signer, at time: Date = Date()) throws -> PassportChip {
        let zone = try holder.zone()
        let jpeg = try photo ?? silhouette()
        guard let size = JPEGSize.of(jpeg) else { throw MRZError.invalidField("photo") }
        let sex: DG2.Sex =
            switch holder.sex.uppercased() {
            case "F": .female
            case "M": .male
            default: .unspecified
            }
        let dg1 = LDSFiles.dg1(zone)
        let dg2 = DG2.file(jpeg: jpeg, width: size.width, height: size.height, sex: sex)
        let sod = try SecurityObject.sign(dataGroups: [(1, dg1), (2, dg2)], signer: signer, at: time)
        return PassportChip(com: LDSFiles.com(dataGroups: [1, 2]), dg1: dg1, dg2: dg2, sod: sod, mrz: zone.lines.0 + "\n" + zone.lines.1 + "\n")
    }

    static func silhouette() throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "silhouette", withExtension: "jpg") else { throw MRZError.invalidField("photo") }
        return Array(try Data(contentsOf: url))
    }
}
