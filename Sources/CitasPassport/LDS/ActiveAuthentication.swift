import Crypto
import Foundation
import SwiftASN1

/// Active Authentication (Doc 9303 Part 11 §6.1): the chip holds a private key of its own and signs a reader's
/// challenge; DG15 carries the public key and, for ECDSA, DG14 names the signature algorithm (ActiveAuthenticationInfo).
/// The key pair is made per chip at issuance; the private key goes only to the personalisation step and is never
/// stored by Citas (a copied chip cannot answer).
public enum ActiveAuthentication {
    static let protocolObject: [UInt] = [2, 23, 136, 1, 1, 5]
    /// BSI TR-03111 ecdsa-plain-SHA256: r‖s, what chips return.
    static let ecdsaPlainSHA256: [UInt] = [0, 4, 0, 127, 0, 7, 1, 1, 4, 1, 3]

    /// DG14, tag 6E: SecurityInfos with one ActiveAuthenticationInfo { protocol, version 1, ecdsa-plain-SHA256 }.
    public static func dg14() -> [UInt8] {
        let info = DERBytes.sequence([DERBytes.oid(protocolObject), DERBytes.integer(1), DERBytes.oid(ecdsaPlainSHA256)])
        return TLV(tag: 0x6E, value: DERBytes.set([info])).encoded
    }

    /// DG15, tag 6F: the chip's public key as a SubjectPublicKeyInfo.
    public static func dg15(_ key: P256.Signing.PublicKey) -> [UInt8] {
        TLV(tag: 0x6F, value: Array(key.derRepresentation)).encoded
    }

    /// The public key DG15 holds, or nil when it is not a P-256 SubjectPublicKeyInfo.
    public static func publicKey(dg15 bytes: [UInt8]) -> P256.Signing.PublicKey? {
        guard let outer = try? TLV.parse(bytes).first, outer.tag == 0x6F else { return nil }
        return try? P256.Signing.PublicKey(derRepresentation: outer.value)
    }

    /// "EC" or "RSA" for the SubjectPublicKeyInfo in DG15 (whatever its curve or size), nil when unreadable.
    public static func keyAlgorithm(dg15 bytes: [UInt8]) -> String? {
        guard let outer = try? TLV.parse(bytes).first, outer.tag == 0x6F, let info = try? DER.parse(outer.value),
            case .constructed(let fields) = info.content, let identifier = Array(fields).first, case .constructed(let parts) = identifier.content,
            let oid = Array(parts).first.map({ Array($0.encodedBytes) })
        else { return nil }
        switch oid {
        case DERBytes.oid([1, 2, 840, 10045, 2, 1]): return "EC"
        case DERBytes.oid([1, 2, 840, 113_549, 1, 1, 1]): return "RSA"
        default: return nil
        }
    }

    /// Whether DG14 announces Active Authentication with ecdsa-plain-SHA256.
    public static func announcesECDSA(dg14 bytes: [UInt8]) -> Bool {
        guard let outer = try? TLV.parse(bytes).first, outer.tag == 0x6E, let set = try? DER.parse(outer.value),
            case .constructed(let infos) = set.content
        else { return false }
        return infos.contains { info in
            guard case .constructed(let fields) = info.content else { return false }
            let parts = Array(fields).map { Array($0.encodedBytes) }
            return parts.first == DERBytes.oid(protocolObject) && parts.last == DERBytes.oid(ecdsaPlainSHA256)
        }
    }

    /// What the chip does: sign the reader's challenge (plain r‖s over SHA-256).
    public static func respond(to challenge: [UInt8], with key: P256.Signing.PrivateKey) throws -> [UInt8] {
        Array(try key.signature(for: challenge).rawRepresentation)
    }

    /// What the reader does: check the chip's answer against the DG15 key the SOD vouches for.
    public static func isValid(response: [UInt8], challenge: [UInt8], dg15: [UInt8]) -> Bool {
        guard let key = publicKey(dg15: dg15), let signature = try? P256.Signing.ECDSASignature(rawRepresentation: response) else { return false }
        return key.isValidSignature(signature, for: challenge)
    }
}
