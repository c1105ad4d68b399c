import CitasDomain
import CitasPersistence
import Foundation
import Testing

@testable import CitasServer

/// The signed code on a comprobante: what it binds, and what a desk's offline check refuses.
@Suite struct AppointmentProofTests {
    static let proof = AppointmentProof(
        folio: "ABCDEFGH23",
        curp: "GODA500102MDFMZN00",
        office: "MX-CDMX-ALVARO-OBREGON",
        date: LocalDate(year: 2026, month: 12, day: 3),
        time: LocalTime(minutes: 10 * 60 + 30)
    )

    @Test func aSignedCodeChecksAndSaysWhatItBinds() throws {
        let signer = try AppointmentProofSigner(secrets: .ephemeral())
        let code = try signer.code(for: Self.proof)
        #expect(code.hasPrefix("CITAS1:ABCDEFGH23:GODA500102MDFMZN00:MX-CDMX-ALVARO-OBREGON:202612031030:"))
        #expect(AppointmentProof.verify(code, publicKeys: signer.publicKeys) == .valid(Self.proof))
        // As a scanner may type it: lower case, a trailing newline.
        #expect(AppointmentProof.verify(code.lowercased() + "\n", publicKeys: signer.publicKeys) == .valid(Self.proof))
        // Small enough for the QR code's compact mode and a 4.5 cm print.
        let qr = try QRCode.encode(code)
        #expect(qr.version <= 8)
    }

    @Test(arguments: [
        ("ABCDEFGH23", "ABCDEFGH24"), ("GODA500102MDFMZN00", "GODA500102MDFMZN01"), ("MX-CDMX-ALVARO-OBREGON", "MX-CDMX-BENITO-JUAREZ"),
        ("202612031030", "202612031130"),
    ])
    func changingAnyBoundFieldBreaksTheSignature(original: String, altered: String) throws {
        let signer = try AppointmentProofSigner(secrets: .ephemeral())
        let code = try signer.code(for: Self.proof).replacingOccurrences(of: original, with: altered)
        #expect(AppointmentProof.verify(code, publicKeys: signer.publicKeys) == .forged)
    }

    @Test func anotherDeploymentsKeysDoNotCheck() throws {
        let code = try AppointmentProofSigner(secrets: .ephemeral()).code(for: Self.proof)
        #expect(AppointmentProof.verify(code, publicKeys: try AppointmentProofSigner(secrets: .ephemeral()).publicKeys) == .forged)
    }

    @Test(arguments: [
        "", "CITAS1", "hello", "CITAS2:ABCDEFGH23:GODA500102MDFMZN00:X:202612031030:AAAA", "CITAS1:ABCDEFGH23:GODA500102MDFMZN00:X:202613031030:",
        "CITAS1:ABCDEFGH2O:GODA500102MDFMZN00:X:202612031030:" + String(repeating: "A", count: 103),
        "CITAS1:ABCDEFGH23:GODA500102MDFMZN00:X:202602301030:" + String(repeating: "A", count: 103),
        "CITAS1:ABCDEFGH23:GODA500102MDFMZN00:X:202612031030:" + String(repeating: "A", count: 102) + "1",
        "CITAS1:ABCDEFGH23:GODA500102MDFMZN00:X:202612031030:" + String(repeating: "A", count: 103) + ":",
        "CITAS1:ABCDEFGH23:GODA500102MDFMZN00:X:٢٠٢٦١٢٠٣١٠٣٠:" + String(repeating: "A", count: 103),
        // Found by the fuzzer: a blank inside a field is not the same code.
        "CITAS1: ABCDEFGH23:GODA500102MDFMZN00:X:202612031030:" + String(repeating: "A", count: 103),
        "CITAS1:ABCDEFGH23:GODA500102MDFMZN00:X:000612031030:" + String(repeating: "A", count: 103),
    ])
    func whatIsNotACodeIsMalformed(text: String) {
        #expect(AppointmentProof.verify(text, publicKeys: []) == .malformed)
    }

    @Test func codesPrintedBeforeARotationStillCheckAfterIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("citas-proof-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("secrets.key").path
        let before = try AppointmentProofSigner(secrets: try DeploymentSecrets.load(path: path))
        let code = try before.code(for: Self.proof)
        let after = try AppointmentProofSigner(secrets: try DeploymentSecrets.rotate(path: path))
        #expect(AppointmentProof.verify(code, publicKeys: after.publicKeys) == .valid(Self.proof))
        let twice = try AppointmentProofSigner(secrets: try DeploymentSecrets.rotate(path: path))
        #expect(AppointmentProof.verify(code, publicKeys: twice.publicKeys) == .forged)
        #expect(after.publishedKeys.count == 2 && after.publishedKeys[1] == before.publishedKeys[0])
    }
}
