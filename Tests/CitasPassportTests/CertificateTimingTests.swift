import CitasPassport
import Foundation
import Testing
import X509

/// Every certificate the PKI writes lies inside its issuer's validity and key usage period: what a strict border
/// verifier checks before it trusts a Document Signer.
@Suite("Certificate dates inside the issuer's validity and key usage period")
struct CertificateTimingTests {
    static let start = ISO8601DateFormatter().date(from: "2026-12-03T10:00:00Z")!

    static func directory() -> PKIDirectory {
        PKIDirectory(FileManager.default.temporaryDirectory.appendingPathComponent("citas-timing-\(UUID().uuidString)").path)
    }

    /// The relations a strict verifier checks between a certificate and the one that signed it.
    static func expectInside(_ certificate: Certificate, issuer: Certificate, sourceLocation: SourceLocation = #_sourceLocation) {
        let period = PassportPKI.keyUsagePeriod(of: issuer)
        #expect(period != nil, "the issuer records its key usage period", sourceLocation: sourceLocation)
        #expect(certificate.issuer == issuer.subject, sourceLocation: sourceLocation)
        #expect(issuer.publicKey.isValidSignature(certificate.signature, for: certificate), sourceLocation: sourceLocation)
        #expect(issuer.notValidBefore <= certificate.notValidBefore, sourceLocation: sourceLocation)
        #expect(certificate.notValidAfter <= issuer.notValidAfter, sourceLocation: sourceLocation)
        #expect(period?.contains(certificate.notValidBefore) == true, "issued inside the issuer's key usage period", sourceLocation: sourceLocation)
        let own = PassportPKI.keyUsagePeriod(of: certificate)
        #expect(own.map { certificate.notValidBefore <= $0.start && $0.end <= certificate.notValidAfter } == true, sourceLocation: sourceLocation)
    }

    static func holder(_ number: String) -> PassportHolder {
        PassportHolder(
            documentCode: "PP",
            documentNumber: number,
            surname: "Pérez López",
            givenNames: "Ana",
            nationality: "MEX",
            birthDate: "1990-05-17",
            sex: "F",
            expiryDate: "2036-12-03"
        )
    }

    @Test("The first DS, a rotated DS and a CSCA rollover (with its link certificate) all lie inside their issuer")
    func relations() throws {
        let pki = Self.directory()
        defer { try? FileManager.default.removeItem(at: pki.url) }
        try pki.initialise(curve: .p256, now: Self.start)
        let csca = try pki.csca()
        Self.expectInside(csca, issuer: csca)
        Self.expectInside(try pki.currentSigner(at: Self.start).certificate, issuer: csca)
        let firstPassport = try PassportChip.issue(
            Self.holder("G00000001"),
            photo: nil,
            signer: try pki.currentSigner(at: Self.start),
            at: Self.start
        )

        let twoMonths = Self.start.addingTimeInterval(61 * 86_400)
        try pki.newDocumentSigner(now: twoMonths)
        Self.expectInside(try pki.currentSigner(at: twoMonths).certificate, issuer: csca)

        // Four years on: a new CSCA, the link from the old one, and a DS under the new one.
        let rollover = Self.start.addingTimeInterval(4 * 365 * 86_400)
        #expect(try pki.rollover(now: rollover) == 2)
        let newCSCA = try pki.csca()
        #expect(newCSCA != csca)
        Self.expectInside(newCSCA, issuer: newCSCA)
        let link = try #require(try pki.links().first)
        Self.expectInside(link, issuer: csca)
        #expect(link.publicKey == newCSCA.publicKey && link.subject == newCSCA.subject)
        let ds = try pki.currentSigner(at: rollover)
        Self.expectInside(ds.certificate, issuer: newCSCA)
        let newPassport = try PassportChip.issue(Self.holder("G00000002"), photo: nil, signer: ds, at: rollover)

        // CRLs are renewed at least every 90 days; both generations' CSCAs issue one.
        #expect(try pki.writeCRLs(now: rollover).count == 2)
        // Both generations' passports verify against the country's CSCAs, with no check failing.
        for (chip, time) in [(firstPassport, rollover), (newPassport, rollover)] {
            let checks = PassiveAuthentication.verify(files: chip.files, printedMRZ: chip.mrz, cscas: try pki.cscas(), crls: try pki.crls(), at: time)
            #expect(checks.allSatisfy { $0.outcome == .passed }, "\(checks.filter { $0.outcome != .passed })")
        }
    }

    @Test("A key past its usage period signs nothing: no DS from an old CSCA key, no passport from an old DS key")
    func expiredKeys() throws {
        let pki = Self.directory()
        defer { try? FileManager.default.removeItem(at: pki.url) }
        try pki.initialise(curve: .p256, now: Self.start)
        let fourMonths = Self.start.addingTimeInterval(122 * 86_400)
        #expect(throws: PKIError.self) { try pki.currentSigner(at: fourMonths) }
        try pki.newDocumentSigner(now: fourMonths)
        #expect(throws: Never.self) { try pki.currentSigner(at: fourMonths) }
        let sixYears = Self.start.addingTimeInterval(6 * 365 * 86_400)
        #expect(throws: PKIError.self) { try pki.newDocumentSigner(now: sixYears) }
    }

    @Test("The verifier refuses a DS issued before the CSCA's key usage period began")
    func strictVerifier() throws {
        let csca = try PassportPKI.makeCSCA(now: Self.start)
        // A DS back-dated a day before the CSCA existed: signed by the CSCA key, but outside its usage period.
        let early = try PassportPKI.makeDS(under: csca, number: 1, now: Self.start)
        let backdated = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: early.certificate.publicKey,
            notValidBefore: Self.start.addingTimeInterval(-86_400),
            notValidAfter: early.certificate.notValidAfter,
            issuer: csca.certificate.subject,
            subject: early.certificate.subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: early.certificate.extensions,
            issuerPrivateKey: csca.key.certificateKey
        )
        let chip = try PassportChip.issue(
            Self.holder("G00000003"),
            photo: nil,
            signer: PassportPKI.Signer(certificate: backdated, key: early.key),
            at: Self.start
        )
        let checks = PassiveAuthentication.verify(files: chip.files, printedMRZ: chip.mrz, cscas: [csca.certificate], at: Self.start)
        #expect(checks.contains { $0.name == "ds.issued_in_csca_key_period" && $0.outcome == .failed })
    }
}
