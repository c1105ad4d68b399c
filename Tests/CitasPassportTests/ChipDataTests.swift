import CitasPassport
import Crypto
import Foundation
import Testing

/// DG11, DG12, DG14 and DG15 (Doc 9303 Part 10 §4.7, Part 11 §6.1): what an inspection system reads beyond the MRZ
/// and the face, listed in EF.COM and covered by the SOD, and a chip key that answers challenges.
@Suite("Chip data: DG11, DG12, Active Authentication")
struct ChipDataTests {
    static let holder = PassportHolder(
        documentCode: "PP",
        documentNumber: "G00000031",
        surname: "Núñez Peña",
        givenNames: "María José",
        nationality: "MEX",
        birthDate: "1990-05-17",
        sex: "F",
        expiryDate: "2036-12-03",
        personalNumber: "NUPM900517MNLXXR09",
        placeOfBirth: "Nuevo León",
        issuingAuthority: "SECRETARÍA DE RELACIONES EXTERIORES",
        issueDate: "2026-12-03"
    )

    static func chip() throws -> (PassportChip, PKIDirectory) {
        let pki = CertificateTimingTests.directory()
        try pki.initialise(curve: .p256)
        return (try PassportChip.issue(holder, photo: nil, signer: try pki.currentSigner()), pki)
    }

    @Test("DG11 and DG12 carry the national-character name, CURP, birth date and place, authority and issue date")
    func additionalDetails() throws {
        let (chip, pki) = try Self.chip()
        defer { try? FileManager.default.removeItem(at: pki.url) }
        let dg11 = try AdditionalDetails.fields(chip.dg11)
        #expect(chip.dg11.first == 0x6B && chip.dg12.first == 0x6C)
        #expect(dg11[0x5F0E] == "NÚÑEZ<PEÑA<<MARÍA<JOSÉ")
        #expect(dg11[0x5F10] == "NUPM900517MNLXXR09" && dg11[0x5F2B] == "19900517" && dg11[0x5F11] == "NUEVO<LEÓN")
        let dg12 = try AdditionalDetails.fields(chip.dg12)
        #expect(dg12 == [0x5F19: "SECRETARÍA DE RELACIONES EXTERIORES", 0x5F26: "20261203"])
        // The tag list (5C) names exactly the data objects that follow.
        let list = try #require(try TLV.parse(chip.dg11).first?.child(0x5C))
        #expect(list.value == [0x5F, 0x0E, 0x5F, 0x10, 0x5F, 0x2B, 0x5F, 0x11])
        // Without a place of birth the object and its tag are left out, not written empty.
        var abroad = Self.holder
        abroad.placeOfBirth = nil
        #expect(try AdditionalDetails.fields(AdditionalDetails.dg11(abroad))[0x5F11] == nil)
        #expect(try TLV.parse(AdditionalDetails.dg11(abroad)).first?.child(0x5C)?.value.count == 6)
    }

    @Test("EF.COM and the SOD list DG1, 2, 11, 12, 14 and 15; every hash verifies and a changed DG11 is caught")
    func listedAndSigned() throws {
        let (chip, pki) = try Self.chip()
        defer { try? FileManager.default.removeItem(at: pki.url) }
        #expect(try LDSFiles.listedDataGroups(com: chip.com) == [1, 2, 11, 12, 14, 15])
        let checks = PassiveAuthentication.verify(files: chip.files, printedMRZ: chip.mrz, cscas: try pki.cscas(), crls: try pki.crls())
        #expect(checks.allSatisfy { $0.outcome == .passed }, "\(checks.filter { $0.outcome != .passed })")
        for name in ["dg11.hash", "dg12.hash", "dg14.hash", "dg15.hash", "dg15.public_key", "dg14.active_authentication", "com.tag_list"] {
            #expect(checks.contains { $0.name == name && $0.outcome == .passed }, "\(name)")
        }
        var changed = chip.files
        changed["DG11"]![12] ^= 0x01
        #expect(
            PassiveAuthentication.verify(files: changed, cscas: try pki.cscas()).contains { $0.name == "dg11.hash" && $0.outcome == .failed }
        )
    }

    @Test("Active Authentication: the chip's key answers a challenge, a copy without it cannot; each chip has its own key")
    func activeAuthentication() throws {
        let (chip, pki) = try Self.chip()
        defer { try? FileManager.default.removeItem(at: pki.url) }
        var generator = SplitMix(seed: 9303)
        let challenge = (0..<8).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let answer = try ActiveAuthentication.respond(to: challenge, with: chip.activeAuthenticationKey)
        #expect(ActiveAuthentication.isValid(response: answer, challenge: challenge, dg15: chip.dg15))
        #expect(!ActiveAuthentication.isValid(response: answer, challenge: challenge.reversed(), dg15: chip.dg15))
        let cloned = try ActiveAuthentication.respond(to: challenge, with: P256.Signing.PrivateKey())
        #expect(!ActiveAuthentication.isValid(response: cloned, challenge: challenge, dg15: chip.dg15))
        let other = try PassportChip.issue(Self.holder, photo: nil, signer: try pki.currentSigner())
        #expect(other.dg15 != chip.dg15)
        // The key is no chip file: whoever stores `files` never holds it.
        #expect(!chip.files.values.contains { $0.count > 0 && String(decoding: $0, as: UTF8.self).contains("PRIVATE KEY") })
        #expect(Set(chip.files.keys) == ["EF.COM", "DG1", "DG2", "DG11", "DG12", "DG14", "DG15", "EF.SOD"])
    }

    @Test("OpenSSL reads DG15's key and verifies the SOD of a full chip to the CSCA")
    func openSSL() throws {
        let (chip, pki) = try Self.chip()
        defer { try? FileManager.default.removeItem(at: pki.url) }
        let path = pki.url.path
        try Data(try TLV.parse(chip.dg15)[0].value).write(to: URL(fileURLWithPath: "\(path)/aa.der"))
        let key = try RevocationTests.openssl(["pkey", "-pubin", "-inform", "DER", "-in", "\(path)/aa.der", "-noout", "-text"])
        #expect(key.status == 0 && key.output.contains("P-256"), "\(key.output)")
        try Data(try TLV.parse(chip.sod)[0].value).write(to: URL(fileURLWithPath: "\(path)/sod.der"))
        let sod = try RevocationTests.openssl([
            "cms", "-verify", "-inform", "DER", "-binary", "-CAfile", "\(path)/csca.pem", "-purpose", "any", "-in", "\(path)/sod.der", "-out",
            "/dev/null",
        ])
        #expect(sod.status == 0, "\(sod.output)")
    }
}
