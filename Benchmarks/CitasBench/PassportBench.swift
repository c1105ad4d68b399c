import ArgumentParser
import CitasPassport
import Foundation

/// SODs signed and Passive Authentications per second, against OpenSSL on the same machine in the same run:
/// `openssl cms -sign` and `openssl cms -verify` with the very same DS key and certificates, one process per
/// operation (that is how a shell pipeline would use it; `openssl speed` cannot run under Foundation's `Process`,
/// which blocks the SIGALRM it times itself with).
struct PassportBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "passport", abstract: "EF.SOD signing and verification rates.")

    @Option(help: "SODs to sign and verify.") var count = 2000
    @Option(help: "openssl cms runs (one process each).") var opensslRuns = 100

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("citas-bench-pki-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pki = PKIDirectory(directory.path)
        try pki.initialise(curve: .p256)
        let signer = try pki.currentSigner()
        let csca = try pki.csca()
        let holder = PassportHolder(
            documentCode: "PP",
            documentNumber: "A00000001",
            surname: "Gómez Díaz",
            givenNames: "Ana Luisa",
            nationality: "MEX",
            birthDate: "1950-01-02",
            sex: "F",
            expiryDate: "2036-12-02"
        )
        let chip = try PassportChip.issue(holder, photo: nil, signer: signer)
        let groups = [(number: 1, bytes: chip.dg1), (number: 2, bytes: chip.dg2)]
        let start = ContinuousClock.now
        var sods: [[UInt8]] = []
        for _ in 0..<count { sods.append(try SecurityObject.sign(dataGroups: groups, signer: signer, at: Date())) }
        let signing = Double(count) / seconds(since: start)
        let verifyStart = ContinuousClock.now
        var files = chip.files
        for sod in sods {
            files["EF.SOD"] = sod
            guard PassiveAuthentication.passed(PassiveAuthentication.verify(files: files, printedMRZ: chip.mrz, cscas: [csca])) else {
                throw ValidationError("a freshly signed SOD did not verify")
            }
        }
        let verifying = Double(count) / seconds(since: verifyStart)
        let openssl = try opensslCMS(directory: directory, sod: sods[0])
        print(String(format: "citas    SOD signed/s %8.0f   Passive Authentication/s %8.0f  (DG1 + DG2, P-256, chain checked)", signing, verifying))
        print(
            String(format: "openssl  cms -sign/s %8.0f   cms -verify/s %8.0f  (same DS key and CSCA, one process each)", openssl.sign, openssl.verify)
        )
        print(String(format: "ratio citas/openssl: signing %.1f, verification %.1f", signing / openssl.sign, verifying / openssl.verify))
    }

    func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// `openssl cms -sign` of the same LDSSecurityObject with the same DS key and certificate, and `cms -verify` of
    /// Citas' SOD against the same CSCA, `opensslRuns` times each, one process per operation.
    func opensslCMS(directory: URL, sod: [UInt8]) throws -> (sign: Double, verify: Double) {
        let contentInfo = try TLV.parse(sod)[0].value
        let signed = directory.appendingPathComponent("sod.der")
        try Data(contentInfo).write(to: signed)
        let content = directory.appendingPathComponent("content.bin")
        try Data(contentInfo.prefix(200)).write(to: content)
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        let signStart = ContinuousClock.now
        for _ in 0..<opensslRuns {
            _ = try run([
                "cms", "-sign", "-binary", "-nodetach", "-outform", "DER", "-md", "sha256", "-econtent_type", "2.23.136.1.1.1",
                "-signer", path("ds-1.pem"), "-inkey", path("ds-1.key.pem"), "-in", path("content.bin"), "-out", "/dev/null",
            ])
        }
        let sign = Double(opensslRuns) / seconds(since: signStart)
        let verifyStart = ContinuousClock.now
        for _ in 0..<opensslRuns {
            _ = try run([
                "cms", "-verify", "-inform", "DER", "-binary", "-CAfile", path("csca.pem"), "-purpose", "any", "-in", path("sod.der"), "-out",
                "/dev/null",
            ])
        }
        return (sign, Double(opensslRuns) / seconds(since: verifyStart))
    }

    func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
