import CitasPassport
import Foundation
import Testing
import X509

/// CSCA Master Lists (Doc 9303 Part 12 §9): exported after a rollover with the link certificate, read by OpenSSL,
/// imported by another State's verifier, which then trusts passports of both CSCA generations.
@Suite("CSCA Master Lists")
struct MasterListTests {
    @Test(
        "A Master List after a rollover: both CSCAs and the link, signed; OpenSSL verifies it; a verifier importing it trusts old and new passports"
    )
    func exportAndImport() throws {
        let mexico = CertificateTimingTests.directory()
        let border = CertificateTimingTests.directory()
        defer {
            try? FileManager.default.removeItem(at: mexico.url)
            try? FileManager.default.removeItem(at: border.url)
        }
        try mexico.initialise(curve: .p256)
        let old = try RevocationTests.passport(mexico, "G00000021")
        let firstCSCA = try mexico.csca()
        try mexico.rollover()
        let new = try RevocationTests.passport(mexico, "G00000022")
        let list = try mexico.masterList()
        #expect(Set(list.certificates) == Set(try mexico.cscas() + mexico.links()))
        #expect(list.cscas.count == 2 && list.unreadable == 0)
        #expect(list.verify().allSatisfy { $0.outcome == .passed }, "\(list.verify())")
        #expect(list.verify(anchors: [firstCSCA]).allSatisfy { $0.outcome == .passed } == false, "the signer is under the new CSCA")
        #expect(list.verify(anchors: [try mexico.csca()]).allSatisfy { $0.outcome == .passed })

        // OpenSSL: the signature and the signer's chain to the current CSCA; the content is the ICAO structure.
        let path = mexico.url.path
        try Data(list.der).write(to: URL(fileURLWithPath: "\(path)/ml.der"))
        let verified = try RevocationTests.openssl([
            "cms", "-verify", "-inform", "DER", "-in", "\(path)/ml.der", "-CAfile", "\(path)/csca-2.pem", "-purpose", "any", "-out",
            "\(path)/ml.content",
        ])
        #expect(verified.status == 0, "\(verified.output)")
        let content = try RevocationTests.openssl(["asn1parse", "-inform", "DER", "-in", "\(path)/ml.content"])
        #expect(
            content.output.contains("INTEGER           :00") && content.output.components(separatedBy: "CSCA Mexico").count > 3,
            "\(content.output)"
        )
        let type = try RevocationTests.openssl(["cms", "-cmsout", "-print", "-inform", "DER", "-in", "\(path)/ml.der"])
        #expect(type.output.contains("2.23.136.1.1.2"), "\(type.output)")

        // Another State imports it (pinning Mexico's current CSCA) and verifies passports of both generations.
        try border.initialise(curve: .p384)
        #expect(try border.importMasterList(list, anchors: [try mexico.csca()]) == 2)
        #expect(try border.importMasterList(list, anchors: [try mexico.csca()]) == 0)
        for chip in [old, new] {
            let checks = PassiveAuthentication.verify(
                files: chip.files,
                printedMRZ: chip.mrz,
                cscas: try border.importedCSCAs(),
                crls: try mexico.crls()
            )
            #expect(checks.allSatisfy { $0.outcome == .passed }, "\(checks.filter { $0.outcome != .passed })")
        }
    }

    @Test("A tampered Master List never changes what is trusted; one not signed under the pinned CSCA imports nothing")
    func tampering() throws {
        let mexico = CertificateTimingTests.directory()
        defer { try? FileManager.default.removeItem(at: mexico.url) }
        try mexico.initialise(curve: .p256)
        let list = try mexico.masterList()
        var refused = 0
        for position in stride(from: 40, to: list.der.count, by: max(1, list.der.count / 60)) {
            var bytes = list.der
            bytes[position] ^= 0x04
            // A change outside what is signed (the extra CSCA copy, say) may pass, but never changes what is trusted.
            if let changed = try? MasterList(der: bytes), PassiveAuthentication.passed(changed.verify(anchors: [try mexico.csca()])) {
                #expect(changed.cscas == list.cscas, "byte \(position)")
            } else {
                refused += 1
            }
        }
        #expect(refused > 0)
        let stranger = try PassportPKI.makeCSCA()
        #expect(throws: PKIError.self) { try mexico.importMasterList(list, anchors: [stranger.certificate]) }
        #expect(try mexico.importedCSCAs().isEmpty)
    }

    @Test("An AlgorithmIdentifier with nothing in it is refused, not a trap (found by the pki fuzzer)")
    func emptyAlgorithm() throws {
        // ContentInfo { signedData, [0] SignedData { 3, SET { SEQUENCE {} }, SEQUENCE {}, SET {} } }
        let signedData: [UInt8] = [0x30, 0x0B, 0x02, 0x01, 0x03, 0x31, 0x02, 0x30, 0x00, 0x30, 0x00, 0x31, 0x00]
        let oid: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02]
        let contentInfo: [UInt8] = [0x30, 0x1A] + oid + [0xA0, 0x0D] + signedData
        #expect(throws: PassiveAuthenticationError.self) { try MasterList(der: contentInfo) }
        let checks = PassiveAuthentication.verify(files: ["EF.SOD": TLV(tag: 0x77, value: contentInfo).encoded])
        #expect(checks.map(\.name) == ["sod.parse"] && !PassiveAuthentication.passed(checks))
    }

}
