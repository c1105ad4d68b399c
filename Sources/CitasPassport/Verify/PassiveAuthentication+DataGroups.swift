import Foundation
import SwiftASN1

extension PassiveAuthentication {
    /// The LDSSecurityObject's hashes by data-group number.
    static func hashes(_ sod: SignedDataReader) throws -> (algorithm: [UInt8], values: [Int: [UInt8]], versions: [[UInt8]]?) {
        let object = try SignedDataReader.children(try DER.parse(sod.eContent))
        guard object.count >= 3 else { throw PassiveAuthenticationError.malformed("LDSSecurityObject too short") }
        let algorithm = SignedDataReader.encoded(try SignedDataReader.single(object[1]))
        var values: [Int: [UInt8]] = [:]
        for entry in try SignedDataReader.children(object[2]) {
            let parts = try SignedDataReader.children(entry)
            guard parts.count == 2 else { continue }
            let number = try Int(derEncoded: parts[0])
            values[number] = try SignedDataReader.primitive(parts[1])
        }
        // LDSSecurityObject v1 carries the LDS and Unicode versions EF.COM must repeat (EF.COM itself is unsigned).
        let versions = object.count >= 4 ? try SignedDataReader.children(object[3]).map { try SignedDataReader.primitive($0) } : nil
        return (algorithm, values, versions)
    }

    static func dataGroupChecks(_ sod: SignedDataReader, files: [String: [UInt8]]) -> [PACheck] {
        guard let (algorithm, values, versions) = try? hashes(sod) else { return [check("sod.lds_security_object", false, "unreadable")] }
        var checks: [PACheck] = []
        for number in values.keys.sorted() {
            guard let file = files["DG\(number)"] else {
                checks.append(PACheck(name: "dg\(number).hash", outcome: .notChecked, detail: "DG\(number) not given"))
                continue
            }
            checks.append(check("dg\(number).hash", SignedDataReader.digest(algorithm, file) == values[number]))
        }
        for name in files.keys where name.hasPrefix("DG") && values[Int(name.dropFirst(2)) ?? 0] == nil {
            checks.append(check("\(name.lowercased()).in_sod", false, "\(name) is not covered by the SOD"))
        }
        if let dg15 = files["DG15"] {
            let algorithm = ActiveAuthentication.keyAlgorithm(dg15: dg15)
            checks.append(check("dg15.public_key", algorithm != nil, algorithm ?? "not a SubjectPublicKeyInfo"))
            // Part 11 §6.1: an ECDSA key needs DG14 to name the signature algorithm; RSA (ISO/IEC 9796-2) does not.
            if algorithm == "EC" {
                let announced = files["DG14"].map(ActiveAuthentication.announcesECDSA) ?? false
                checks.append(check("dg14.active_authentication", announced, "ActiveAuthenticationInfo ecdsa-plain-SHA256"))
            }
        }
        if let com = files["EF.COM"] {
            let listed = (try? LDSFiles.listedDataGroups(com: com)) ?? []
            checks.append(check("com.tag_list", Set(listed) == Set(values.keys), "EF.COM \(listed.sorted()) SOD \(values.keys.sorted())"))
            checks.append(comVersionCheck(com, versions))
        }
        return checks
    }

    /// EF.COM is not covered by the SOD: its versions must at least be well formed and, when the SOD is v1,
    /// equal the versions the SOD signs.
    static func comVersionCheck(_ com: [UInt8], _ signed: [[UInt8]]?) -> PACheck {
        guard let object = try? TLV.parse(com), object.count == 1, object[0].tag == 0x60, let children = try? object[0].children(),
            children.map(\.tag) == [0x5F01, 0x5F36, 0x5C]
        else { return check("com.versions", false, "EF.COM is not tag 60 with 5F01, 5F36 and 5C") }
        let versions = [children[0].value, children[1].value]
        guard let signed else { return PACheck(name: "com.versions", outcome: .notChecked, detail: "the SOD (v0) signs no versions") }
        return check("com.versions", versions == signed, versions.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " "))
    }

    static func mrzChecks(_ dg1: [UInt8]?, printed: String?) -> [PACheck] {
        guard let dg1 else { return [] }
        guard let text = try? LDSFiles.mrz(dg1: dg1), text.count == 88 else { return [check("dg1.mrz", false, "no TD3 MRZ in DG1")] }
        var checks = [check("dg1.check_digits", (try? TD3(line1: String(text.prefix(44)), line2: String(text.suffix(44)))) != nil)]
        if let printed {
            let lines = printed.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined()
            checks.append(check("dg1.printed_mrz", lines == text))
        } else {
            checks.append(PACheck(name: "dg1.printed_mrz", outcome: .notChecked, detail: "no printed MRZ given"))
        }
        return checks
    }
}
