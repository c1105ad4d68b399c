import Foundation

/// DG11 (additional personal details) and DG12 (additional document details), Doc 9303 Part 10 §4.7.11–12: each a
/// tag list (5C) naming the data objects that follow, values in UTF-8, dates as `YYYYMMDD`.
public enum AdditionalDetails {
    /// DG11, tag 6B: the full name in national characters (5F0E: primary `<<` secondary, components joined by `<`,
    /// accents kept), the personal number (5F10: the CURP), the full date of birth (5F2B) and the place of birth
    /// (5F11), each only when known.
    public static func dg11(_ holder: PassportHolder) -> [UInt8] {
        let name = [holder.surname, holder.givenNames].map(nationalName).filter { !$0.isEmpty }.joined(separator: "<<")
        return file(
            tag: 0x6B,
            [
                (0x5F0E, name), (0x5F10, holder.personalNumber), (0x5F2B, holder.birthDate.replacingOccurrences(of: "-", with: "")),
                (0x5F11, holder.placeOfBirth.map(nationalName)),
            ]
        )
    }

    /// DG12, tag 6C: the issuing authority (5F19) and the date of issue (5F26).
    public static func dg12(_ holder: PassportHolder) -> [UInt8] {
        file(tag: 0x6C, [(0x5F19, holder.issuingAuthority), (0x5F26, holder.issueDate?.replacingOccurrences(of: "-", with: ""))])
    }

    /// A field as the data page prints it, upper case with its accents, spaces and hyphens as `<`.
    static func nationalName(_ text: String) -> String {
        text.uppercased().split(whereSeparator: { $0 == " " || $0 == "-" }).joined(separator: "<")
    }

    static func file(tag: UInt16, _ fields: [(tag: UInt16, value: String?)]) -> [UInt8] {
        let present = fields.compactMap { field in field.value.flatMap { $0.isEmpty ? nil : TLV(tag: field.tag, value: Array($0.utf8)) } }
        let list = TLV(tag: 0x5C, value: present.flatMap { [UInt8($0.tag >> 8), UInt8($0.tag & 0xFF)] })
        return TLV(tag: tag, children: [list] + present).encoded
    }

    /// The UTF-8 values of a DG11 or DG12 by tag, checked against its tag list.
    public static func fields(_ bytes: [UInt8]) throws(TLVError) -> [UInt16: String] {
        guard let outer = try TLV.parse(bytes).first else { throw .truncated }
        var fields: [UInt16: String] = [:]
        for child in try outer.children() where child.tag != 0x5C {
            fields[child.tag] = String(decoding: child.value, as: UTF8.self)
        }
        return fields
    }
}
