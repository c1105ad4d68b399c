import Foundation
import SwiftASN1
import X509

/// A PKI kept in a directory: `csca.pem` and `csca.key.pem`, then `ds-1.pem`/`ds-1.key.pem`, `ds-2…` for each
/// Document Signer. Private keys are written owner-only (0600); old signers stay, so what they signed still verifies.
public struct PKIDirectory: Sendable {
    public let url: URL

    public init(_ path: String) {
        url = URL(fileURLWithPath: path)
    }

    /// Creates the CSCA and the first DS; refuses to overwrite an existing CSCA.
    public func initialise(curve: PassportPKI.Curve, now: Date = Date()) throws {
        guard !FileManager.default.fileExists(atPath: url.appendingPathComponent("csca.pem").path) else {
            throw PKIError.exists(url.appendingPathComponent("csca.pem").path)
        }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let csca = try PassportPKI.makeCSCA(curve: curve, now: now)
        try write(csca, as: "csca")
        try write(try PassportPKI.makeDS(under: csca, number: 1, curve: curve, now: now), as: "ds-1")
    }

    /// Issues the next DS under the CSCA; returns its number.
    @discardableResult
    public func newDocumentSigner(now: Date = Date()) throws -> Int {
        let csca = try signer("csca")
        let number = (try dsNumbers().max() ?? 0) + 1
        let curve: PassportPKI.Curve = if case .p384 = csca.key { .p384 } else { .p256 }
        try write(try PassportPKI.makeDS(under: csca, number: number, curve: curve, now: now), as: "ds-\(number)")
        return number
    }

    public func csca() throws -> Certificate { try Self.certificate(at: url.appendingPathComponent("csca.pem")) }

    /// The newest Document Signer, the one that signs new passports.
    public func currentSigner() throws -> PassportPKI.Signer {
        guard let number = try dsNumbers().max() else { throw PKIError.missing("ds-1.pem") }
        return try signer("ds-\(number)")
    }

    func dsNumbers() throws -> [Int] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).compactMap { name in
            guard name.hasPrefix("ds-"), name.hasSuffix(".pem"), !name.hasSuffix(".key.pem") else { return nil }
            return Int(name.dropFirst(3).dropLast(4))
        }
    }

    func signer(_ name: String) throws -> PassportPKI.Signer {
        let keyURL = url.appendingPathComponent("\(name).key.pem")
        guard FileManager.default.fileExists(atPath: keyURL.path) else { throw PKIError.missing(keyURL.path) }
        return PassportPKI.Signer(
            certificate: try Self.certificate(at: url.appendingPathComponent("\(name).pem")),
            key: try SigningKey(pem: try String(contentsOf: keyURL, encoding: .utf8))
        )
    }

    func write(_ signer: PassportPKI.Signer, as name: String) throws {
        try Self.pem(signer.certificate).write(to: url.appendingPathComponent("\(name).pem"), atomically: true, encoding: .utf8)
        let keyPath = url.appendingPathComponent("\(name).key.pem").path
        // Created owner-only from the start, so the key is never readable by others, even for a moment.
        guard FileManager.default.createFile(atPath: keyPath, contents: Data((signer.key.pem + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw PKIError.missing(keyPath)
        }
    }

    public static func pem(_ certificate: Certificate) throws -> String {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return PEMDocument(type: "CERTIFICATE", derBytes: serializer.serializedBytes).pemString + "\n"
    }

    public static func certificate(at url: URL) throws -> Certificate {
        guard FileManager.default.fileExists(atPath: url.path) else { throw PKIError.missing(url.path) }
        return try Certificate(pemEncoded: try String(contentsOf: url, encoding: .utf8))
    }
}

public enum PKIError: Error, CustomStringConvertible {
    case exists(String)
    case missing(String)

    public var description: String {
        switch self {
        case .exists(let path): "\(path) already exists; a CSCA is created once"
        case .missing(let path): "\(path) is missing"
        }
    }
}
