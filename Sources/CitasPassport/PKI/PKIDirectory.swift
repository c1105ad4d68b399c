import Foundation
import SwiftASN1
import X509

/// A PKI kept in a directory. CSCA generation 1 is `csca.pem`/`csca.key.pem`; a rollover adds generation n as
/// `csca-n.pem`/`csca-n.key.pem` and `link-n.pem` (the new CSCA certified by generation n−1). Document Signers are
/// `ds-1.pem`/`ds-1.key.pem`, `ds-2…`, numbered across generations. Private keys are written owner-only (0600); old
/// signers stay, so what they signed still verifies and their CSCA can still issue CRLs about them.
public struct PKIDirectory: Sendable {
    public let url: URL

    public init(_ path: String) {
        url = URL(fileURLWithPath: path)
    }

    /// Creates the CSCA and the first DS; refuses to overwrite an existing CSCA.
    public func initialise(curve: PassportPKI.Curve, now: Date = Date()) throws {
        guard !FileManager.default.fileExists(atPath: file("csca.pem").path) else { throw PKIError.exists(file("csca.pem").path) }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let csca = try PassportPKI.makeCSCA(curve: curve, now: now)
        try write(csca, as: Self.cscaName(1))
        try write(try PassportPKI.makeDS(under: csca, number: 1, curve: curve, now: now), as: "ds-1")
        try writeCRL(generation: 1, now: now)
    }

    /// Issues the next DS under the current CSCA; returns its number.
    @discardableResult
    public func newDocumentSigner(now: Date = Date()) throws -> Int {
        let csca = try signer(Self.cscaName(try currentGeneration()))
        let number = (try dsNumbers().max() ?? 0) + 1
        try write(try PassportPKI.makeDS(under: csca, number: number, curve: csca.key.curve, now: now), as: "ds-\(number)")
        return number
    }

    /// CSCA rollover (Part 12 §4.1): a new CSCA key and self-signed certificate, the link certificate from the old
    /// CSCA to it, and a first DS under it. The old CSCA's files stay: its passports verify until they expire.
    /// Returns the new generation.
    @discardableResult
    public func rollover(now: Date = Date()) throws -> Int {
        let generation = try currentGeneration()
        let old = try signer(Self.cscaName(generation))
        let new = try PassportPKI.makeCSCA(curve: old.key.curve, now: now)
        let link = try PassportPKI.makeLink(from: old, to: new, now: now)
        let number = (try dsNumbers().max() ?? 0) + 1
        let ds = try PassportPKI.makeDS(under: new, number: number, curve: old.key.curve, now: now)
        try Self.pem(link).write(to: file("link-\(generation + 1).pem"), atomically: true, encoding: .utf8)
        try write(new, as: Self.cscaName(generation + 1))
        try write(ds, as: "ds-\(number)")
        try writeCRL(generation: generation + 1, now: now)
        return generation + 1
    }

    /// The current CSCA's certificate.
    public func csca() throws -> Certificate { try Self.certificate(at: file("\(Self.cscaName(try currentGeneration())).pem")) }

    /// Every CSCA generation's self-signed certificate, oldest first: the trust anchors for this country's passports.
    public func cscas() throws -> [Certificate] {
        try (1...(try currentGeneration())).map { try Self.certificate(at: file("\(Self.cscaName($0)).pem")) }
    }

    /// The link certificates, oldest first.
    public func links() throws -> [Certificate] {
        let generation = try currentGeneration()
        return generation < 2 ? [] : try (2...generation).map { try Self.certificate(at: file("link-\($0).pem")) }
    }

    /// The newest Document Signer, the one that signs new passports; refused when its key may no longer sign.
    public func currentSigner(at now: Date = Date()) throws -> PassportPKI.Signer {
        guard let number = try dsNumbers().max() else { throw PKIError.missing("ds-1.pem") }
        let signer = try signer("ds-\(number)")
        guard try !isRevoked(signer.certificate) else { throw PKIError.revoked(number) }
        if let period = PassportPKI.keyUsagePeriod(of: signer.certificate), !period.contains(now) {
            throw PKIError.keyUsageEnded(signer.certificate.subject.description, period.end)
        }
        return signer
    }

    static func cscaName(_ generation: Int) -> String { generation == 1 ? "csca" : "csca-\(generation)" }

    func currentGeneration() throws -> Int {
        guard FileManager.default.fileExists(atPath: file("csca.pem").path) else { throw PKIError.missing(file("csca.pem").path) }
        var generation = 1
        while FileManager.default.fileExists(atPath: file("\(Self.cscaName(generation + 1)).pem").path) { generation += 1 }
        return generation
    }

    func dsNumbers() throws -> [Int] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).compactMap { name in
            guard name.hasPrefix("ds-"), name.hasSuffix(".pem"), !name.hasSuffix(".key.pem") else { return nil }
            return Int(name.dropFirst(3).dropLast(4))
        }
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    func signer(_ name: String) throws -> PassportPKI.Signer {
        let keyURL = file("\(name).key.pem")
        guard FileManager.default.fileExists(atPath: keyURL.path) else { throw PKIError.missing(keyURL.path) }
        return PassportPKI.Signer(
            certificate: try Self.certificate(at: file("\(name).pem")),
            key: try SigningKey(pem: try String(contentsOf: keyURL, encoding: .utf8))
        )
    }

    func write(_ signer: PassportPKI.Signer, as name: String) throws {
        let keyPath = file("\(name).key.pem").path
        // Created owner-only from the start, so the key is never readable by others, even for a moment.
        guard FileManager.default.createFile(atPath: keyPath, contents: Data((signer.key.pem + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw PKIError.missing(keyPath)
        }
        try Self.pem(signer.certificate).write(to: file("\(name).pem"), atomically: true, encoding: .utf8)
    }

    public static func pem(_ certificate: Certificate) throws -> String {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return PEMDocument(type: "CERTIFICATE", derBytes: serializer.serializedBytes).pemString + "\n"
    }

    /// Every certificate in a PEM file (a bundle of CSCAs, say).
    public static func certificates(at url: URL) throws -> [Certificate] {
        guard FileManager.default.fileExists(atPath: url.path) else { throw PKIError.missing(url.path) }
        let text = try String(contentsOf: url, encoding: .utf8)
        let end = "-----END CERTIFICATE-----"
        return try text.components(separatedBy: end).filter { $0.contains("-----BEGIN CERTIFICATE-----") }
            .map { try Certificate(pemEncoded: $0.trimmingCharacters(in: .whitespacesAndNewlines) + "\n" + end) }
    }

    public static func certificate(at url: URL) throws -> Certificate {
        guard FileManager.default.fileExists(atPath: url.path) else { throw PKIError.missing(url.path) }
        return try Certificate(pemEncoded: try String(contentsOf: url, encoding: .utf8))
    }
}

/// Why the PKI refused.
public enum PKIError: Error, CustomStringConvertible {
    case exists(String)
    case missing(String)
    case keyUsageEnded(String, Date)
    case noKeyUsagePeriod(String)
    case revoked(Int)
    case alreadyRevoked(Int)
    case corrupt(String)
    case masterListRejected(String)

    public var description: String {
        switch self {
        case .exists(let path): "\(path) already exists; a CSCA is created once"
        case .missing(let path): "\(path) is missing"
        case .keyUsageEnded(let subject, let end):
            "the key of \(subject) may sign only until \(end): issue a new DS (citas pki new-ds) or roll the CSCA over (citas pki rollover)"
        case .noKeyUsagePeriod(let what): "\(what) has no private key usage period"
        case .revoked(let number): "DS \(number) is revoked: issue a new DS (citas pki new-ds)"
        case .alreadyRevoked(let number): "DS \(number) is already revoked"
        case .corrupt(let what): "the PKI directory is inconsistent: \(what)"
        case .masterListRejected(let checks): "the Master List does not verify (\(checks)); nothing imported"
        }
    }
}
