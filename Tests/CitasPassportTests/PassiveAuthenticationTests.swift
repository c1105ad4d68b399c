import CitasPassport
import Foundation
import Testing
import X509

@Suite("Passive Authentication")
struct PassiveAuthenticationTests {
    /// A freshly issued chip: PKI, DG1, a small DG2, EF.COM and the SOD over them.
    static func chip() throws -> (csca: Certificate, files: [String: [UInt8]], mrz: String, crl: RevocationList) {
        let (csca, ds, _, _) = try SODTests.sample()
        let zone = try TD3(
            documentCode: "PP",
            issuingState: "MEX",
            surname: "Núñez",
            givenNames: "José",
            documentNumber: "G00000002",
            nationality: "MEX",
            birthDate: "881224",
            sex: "M",
            expiryDate: "361128"
        )
        let dg1 = LDSFiles.dg1(zone)
        let dg2: [UInt8] = TLV(tag: 0x75, value: [1, 2, 3, 4, 5, 6, 7, 8]).encoded
        let sod = try SecurityObject.sign(dataGroups: [(1, dg1), (2, dg2)], signer: ds, at: Date())
        let files = ["EF.COM": LDSFiles.com(dataGroups: [1, 2]), "DG1": dg1, "DG2": dg2, "EF.SOD": sod]
        let crl = try RevocationList.make(csca: csca, entries: [], number: 1, now: Date())
        return (csca.certificate, files, zone.lines.0 + "\n" + zone.lines.1, crl)
    }

    @Test("Issue then verify: every check passes, none is left unchecked")
    func roundTrip() throws {
        let (csca, files, mrz, crl) = try Self.chip()
        let checks = PassiveAuthentication.verify(files: files, printedMRZ: mrz, cscas: [csca], crls: [crl])
        #expect(checks.allSatisfy { $0.outcome == .passed }, "\(checks.filter { $0.outcome != .passed })")
        #expect(
            Set(checks.map(\.name)).isSuperset(of: [
                "sod.signature", "ds.chain", "dg1.hash", "dg2.hash", "com.tag_list", "dg1.printed_mrz", "ds.revocation",
            ])
        )
    }

    @Test("Changing one byte of any data group, of the SOD or of the certificate is detected")
    func tampering() throws {
        let (csca, files, mrz, crl) = try Self.chip()
        for name in ["DG1", "DG2", "EF.COM", "EF.SOD"] {
            for position in stride(from: 2, to: files[name]!.count, by: max(1, files[name]!.count / 25)) {
                var changed = files
                changed[name]![position] ^= 0x20
                let checks = PassiveAuthentication.verify(files: changed, printedMRZ: mrz, cscas: [csca], crls: [crl])
                #expect(!PassiveAuthentication.passed(checks), "\(name)[\(position)] changed unnoticed")
            }
        }
        let otherCSCA = PassiveAuthentication.verify(files: files, cscas: [try PassportPKI.makeCSCA().certificate])
        #expect(otherCSCA.contains { $0.name == "ds.chain" && $0.outcome == .failed })
        let wrongPrinted = PassiveAuthentication.verify(files: files, printedMRZ: mrz.replacingOccurrences(of: "JOSE", with: "JUAN"), cscas: [csca])
        #expect(wrongPrinted.contains { $0.name == "dg1.printed_mrz" && $0.outcome == .failed })
    }

    @Test(
        "The public BSI and ETSI samples: RSA-PSS signatures and hashes verify; their chain is reported as not checked",
        arguments: [("bsi_tr03105_5", "2014-06-01T00:00:00Z"), ("etsi_tr103200", "2012-01-01T00:00:00Z")]
    )
    func publicSamples(folder: String, time: String) throws {
        // Copies of ../shared/epassport-public-samples (public test vectors; see Samples/SOURCES.md).
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Samples/\(folder)")
        var files: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            files[name] = Array(try Data(contentsOf: directory.appendingPathComponent(name)))
        }
        let checks = PassiveAuthentication.verify(files: files, at: ISO8601DateFormatter().date(from: time)!)
        #expect(PassiveAuthentication.passed(checks), "\(checks.filter { $0.outcome == .failed })")
        #expect(checks.contains { $0.name == "sod.signature" && $0.outcome == .passed })
        #expect(checks.contains { $0.name == "dg1.hash" && $0.outcome == .passed })
        #expect(checks.contains { $0.name == "ds.chain" && $0.outcome == .notChecked })
    }

    @Test("Random bytes as an SOD never crash the verifier (seeded)")
    func fuzz() throws {
        let (csca, files, _, _) = try Self.chip()
        var generator = SplitMix(seed: 11)
        for _ in 0..<2000 {
            var sod = files["EF.SOD"]!
            for _ in 0..<4 { sod[Int(generator.next() % UInt64(sod.count))] = UInt8(truncatingIfNeeded: generator.next()) }
            if generator.next() % 3 == 0 { sod = Array(sod.prefix(Int(generator.next() % UInt64(sod.count)))) }
            var changed = files
            changed["EF.SOD"] = sod
            _ = PassiveAuthentication.verify(files: changed, cscas: [csca])
        }
    }
}

@Suite("Chip issuance and the PKI directory")
struct ChipTests {
    @Test("A PKI directory: owner-only keys, a new DS keeps old passports verifiable, the DG2 photo comes back")
    func directory() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("citas-pki-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let pki = PKIDirectory(path)
        try pki.initialise(curve: .p384)
        #expect(throws: PKIError.self) { try pki.initialise(curve: .p256) }
        let mode = try FileManager.default.attributesOfItem(atPath: path + "/ds-1.key.pem")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let holder = PassportHolder(
            documentCode: "PP",
            documentNumber: "G00000009",
            surname: "D'Artagnan Muñoz",
            givenNames: "Zoë",
            nationality: "MEX",
            birthDate: "2024-02-29",
            sex: "X",
            expiryDate: "2027-02-28"
        )
        let old = try PassportChip.issue(holder, photo: nil, signer: try pki.currentSigner())
        #expect(try pki.newDocumentSigner() == 2)
        let new = try PassportChip.issue(holder, photo: nil, signer: try pki.currentSigner())
        for chip in [old, new] {
            #expect(
                PassiveAuthentication.verify(files: chip.files, printedMRZ: chip.mrz, cscas: try pki.cscas(), crls: try pki.crls()).allSatisfy {
                    $0.outcome == .passed
                }
            )
        }
        #expect(old.mrz.hasPrefix("PPMEXDARTAGNAN<MUNOZ<<ZOE<"))
        #expect(try DG2.jpeg(in: new.dg2).flatMap(PassportPhoto.frame)?.width == 240)
    }
}
