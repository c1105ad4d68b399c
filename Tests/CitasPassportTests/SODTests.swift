import CitasPassport
import Foundation
import SwiftASN1
import Testing
import X509

@Suite("EF.SOD signing")
struct SODTests {
    static func sample() throws -> (csca: PassportPKI.Signer, ds: PassportPKI.Signer, sod: [UInt8], groups: [(number: Int, bytes: [UInt8])]) {
        let csca = try PassportPKI.makeCSCA()
        let ds = try PassportPKI.makeDS(under: csca, number: 1)
        let zone = try TD3(
            documentCode: "PP",
            issuingState: "MEX",
            surname: "Gómez Díaz",
            givenNames: "Ana Luisa",
            documentNumber: "G00000001",
            nationality: "MEX",
            birthDate: "500102",
            sex: "F",
            expiryDate: "361128"
        )
        let groups = [(number: 1, bytes: LDSFiles.dg1(zone)), (number: 2, bytes: [0x75, 0x03, 0x01, 0x02, 0x03])]
        return (csca, ds, try SecurityObject.sign(dataGroups: groups, signer: ds, at: Date()), groups)
    }

    static func pem(_ certificate: Certificate) throws -> String {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return PEMDocument(type: "CERTIFICATE", derBytes: serializer.serializedBytes).pemString + "\n"
    }

    /// Runs openssl with `arguments`; returns its exit status.
    static func openssl(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = ProcessInfo.processInfo.environment["CITAS_DEBUG_OPENSSL"] == nil ? FileHandle.nullDevice : FileHandle.standardError
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test("OpenSSL verifies SODs made by Citas, signature and chain to the CSCA", arguments: 0..<6)
    func openSSL(run: Int) throws {
        let (csca, _, sod, _) = try Self.sample()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("citas-sod-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { if ProcessInfo.processInfo.environment["CITAS_DEBUG_OPENSSL"] == nil { try? FileManager.default.removeItem(at: directory) } }
        let contentInfo = try TLV.parse(sod)[0].value
        try Data(contentInfo).write(to: directory.appendingPathComponent("sod.der"))
        try Self.pem(csca.certificate).write(to: directory.appendingPathComponent("csca.pem"), atomically: true, encoding: .utf8)
        let path = directory.path
        #expect(try Self.openssl(["cms", "-verify", "-inform", "DER", "-binary", "-noverify", "-in", "\(path)/sod.der", "-out", "/dev/null"]) == 0)
        #expect(
            try Self.openssl([
                "cms", "-verify", "-inform", "DER", "-binary", "-CAfile", "\(path)/csca.pem", "-purpose", "any", "-in", "\(path)/sod.der", "-out",
                "/dev/null",
            ]) == 0
        )
        // Flip a byte inside the signed content (a data-group hash in the LDSSecurityObject).
        var tampered = contentInfo
        tampered[100] ^= 0x01
        try Data(tampered).write(to: directory.appendingPathComponent("bad.der"))
        #expect(try Self.openssl(["cms", "-verify", "-inform", "DER", "-binary", "-noverify", "-in", "\(path)/bad.der", "-out", "/dev/null"]) != 0)
    }
}
