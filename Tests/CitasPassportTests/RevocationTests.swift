import CitasPassport
import Foundation
import Testing
import X509

/// CRLs (Doc 9303 Part 12 §7.1.4): the CSCA issues them, revoking a DS writes one at once, the verifier says
/// "revoked" or "not checked", and OpenSSL accepts what Citas writes.
@Suite("Revocation: CRLs of the CSCA")
struct RevocationTests {
    static func openssl(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    static func passport(_ pki: PKIDirectory, _ number: String, at time: Date = Date()) throws -> PassportChip {
        try PassportChip.issue(CertificateTimingTests.holder(number), photo: nil, signer: try pki.currentSigner(at: time), at: time)
    }

    @Test("Revoking a DS writes a new CRL at once; its passports verify as revoked, the next DS's do not")
    func revokeDS() throws {
        let pki = CertificateTimingTests.directory()
        defer { try? FileManager.default.removeItem(at: pki.url) }
        try pki.initialise(curve: .p256)
        #expect(try pki.crls().map(\.number) == [1])
        #expect(try pki.crls().first?.entries.isEmpty == true)
        let before = try Self.passport(pki, "G00000011")
        #expect(try pki.revokeDocumentSigner(1, reason: .keyCompromise) == 2)
        #expect(throws: PKIError.self) { try pki.revokeDocumentSigner(1, reason: .keyCompromise) }
        let crl = try #require(try pki.crls().first)
        #expect(crl.number == 2 && crl.entries.count == 1 && crl.entries.first?.reason == .keyCompromise)
        #expect(crl.isSigned(by: try pki.csca()))
        #expect(crl.nextUpdate.map { abs($0.timeIntervalSince(crl.thisUpdate) - 90 * 86_400) < 1 } == true)
        let after = try Self.passport(pki, "G00000012")

        let revoked = PassiveAuthentication.verify(files: before.files, printedMRZ: before.mrz, cscas: try pki.cscas(), crls: try pki.crls())
        #expect(revoked.contains { $0.name == "ds.revocation" && $0.outcome == .failed && $0.detail.contains("key-compromise") })
        let fine = PassiveAuthentication.verify(files: after.files, printedMRZ: after.mrz, cscas: try pki.cscas(), crls: try pki.crls())
        #expect(fine.allSatisfy { $0.outcome == .passed }, "\(fine.filter { $0.outcome != .passed })")

        // Without a CRL, with another country's CRL, or with a stale one: "not checked", never "passed".
        let other = try RevocationList.make(csca: try PassportPKI.makeCSCA(), entries: [], number: 1, now: Date())
        let stale = try #require(try pki.crls().first)
        let cases: [([RevocationList], Date)] = [([], Date()), ([other], Date()), ([stale], Date().addingTimeInterval(91 * 86_400))]
        for (crls, time) in cases {
            let checks = PassiveAuthentication.verify(files: after.files, cscas: try pki.cscas(), crls: crls, at: time)
            #expect(checks.first { $0.name == "ds.revocation" }?.outcome == .notChecked)
        }
    }

    @Test("OpenSSL verifies the CRL's signature and finds the revoked DS with -crl_check")
    func openSSL() throws {
        let pki = CertificateTimingTests.directory()
        defer { try? FileManager.default.removeItem(at: pki.url) }
        try pki.initialise(curve: .p384)
        try pki.revokeDocumentSigner(1, reason: .superseded)
        let path = pki.url.path
        let read = try Self.openssl(["crl", "-inform", "DER", "-in", "\(path)/csca.crl", "-CAfile", "\(path)/csca.pem", "-noout", "-text"])
        #expect(read.status == 0 && read.output.contains("verify OK"), "\(read.output)")
        #expect(read.output.contains("X509v3 CRL Number") && read.output.contains("Superseded"), "\(read.output)")
        try (try pki.crls()[0].pem).write(toFile: "\(path)/crl.pem", atomically: true, encoding: .utf8)
        let check = ["verify", "-crl_check", "-CAfile", "\(path)/csca.pem", "-CRLfile", "\(path)/crl.pem"]
        let revoked = try Self.openssl(check + ["\(path)/ds-1.pem"])
        #expect(revoked.status != 0 && revoked.output.contains("certificate revoked"), "\(revoked.output)")
        #expect(try Self.openssl(check + ["\(path)/ds-2.pem"]).status == 0)

        var tampered = try pki.crls()[0].der
        tampered[tampered.count / 2] ^= 0x01
        try Data(tampered).write(to: URL(fileURLWithPath: "\(path)/bad.crl"))
        let bad = try Self.openssl(["crl", "-inform", "DER", "-in", "\(path)/bad.crl", "-CAfile", "\(path)/csca.pem", "-noout"])
        #expect(!bad.output.contains("verify OK"))
    }

    @Test("Dates from 2050 are GeneralizedTime, and OpenSSL reads them")
    func year2050() throws {
        let csca = try PassportPKI.makeCSCA(now: ISO8601DateFormatter().date(from: "2049-12-01T00:00:00Z")!)
        let entry = RevocationList.Entry(serial: [0x01, 0x02], date: ISO8601DateFormatter().date(from: "2049-12-31T23:59:59Z")!, reason: nil)
        let crl = try RevocationList.make(csca: csca, entries: [entry], number: 7, now: ISO8601DateFormatter().date(from: "2049-12-15T00:00:00Z")!)
        let parsed = try RevocationList(der: crl.der)
        #expect(parsed == crl && parsed.number == 7 && parsed.entry(serial: [0, 1, 2]) == entry)
        #expect(parsed.nextUpdate == ISO8601DateFormatter().date(from: "2050-03-15T00:00:00Z"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("citas-crl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try crl.pem.write(to: directory.appendingPathComponent("crl.pem"), atomically: true, encoding: .utf8)
        let text = try Self.openssl(["crl", "-in", directory.appendingPathComponent("crl.pem").path, "-noout", "-nextupdate"])
        #expect(text.status == 0 && text.output.contains("Mar 15 00:00:00 2050 GMT"), "\(text.output)")
    }

    @Test("Random bytes as a CRL never crash the reader (seeded)")
    func fuzz() throws {
        let crl = try RevocationList.make(
            csca: try PassportPKI.makeCSCA(),
            entries: [RevocationList.Entry(serial: [9], date: Date(), reason: .keyCompromise)],
            number: 3,
            now: Date()
        )
        var generator = SplitMix(seed: 5280)
        for _ in 0..<3000 {
            var bytes = crl.der
            for _ in 0..<3 { bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next()) }
            if generator.next() % 4 == 0 { bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count)))) }
            _ = try? RevocationList(der: bytes)
        }
    }
}
