/// The LDS1 elementary files Citas writes (Doc 9303 Part 10): EF.COM and DG1; DG2 and EF.SOD have their own files.
public enum LDSFiles {
    /// LDS 1.8 and Unicode 4.0.0, as EF.COM and the SOD's version info spell them.
    public static let ldsVersion = "0108"
    public static let unicodeVersion = "040000"

    /// The outer tag of each data group the chip holds (DG1 = 61, DG2 = 75, …).
    public static let dataGroupTags: [Int: UInt8] = [1: 0x61, 2: 0x75, 3: 0x63, 4: 0x76, 11: 0x6B, 12: 0x6C, 14: 0x6E, 15: 0x6F]

    /// EF.COM: tag 60 with the LDS and Unicode versions and the list of data-group tags present.
    public static func com(dataGroups: [Int]) -> [UInt8] {
        TLV(
            tag: 0x60,
            children: [
                TLV(tag: 0x5F01, value: Array(ldsVersion.utf8)), TLV(tag: 0x5F36, value: Array(unicodeVersion.utf8)),
                TLV(tag: 0x5C, value: dataGroups.sorted().compactMap { dataGroupTags[$0] }),
            ]
        ).encoded
    }

    /// DG1: tag 61 around 5F1F holding the 88 MRZ characters.
    public static func dg1(_ zone: TD3) -> [UInt8] {
        TLV(tag: 0x61, children: [TLV(tag: 0x5F1F, value: Array(zone.text.utf8))]).encoded
    }

    /// The data-group numbers EF.COM lists.
    public static func listedDataGroups(com bytes: [UInt8]) throws(TLVError) -> [Int] {
        guard let com = try TLV.parse(bytes).first, com.tag == 0x60, let list = try com.child(0x5C) else { return [] }
        return list.value.compactMap { tag in dataGroupTags.first { $0.value == tag }?.key }
    }

    /// The MRZ text DG1 holds.
    public static func mrz(dg1 bytes: [UInt8]) throws(TLVError) -> String? {
        guard let dg1 = try TLV.parse(bytes).first, dg1.tag == 0x61, let mrz = try dg1.child(0x5F1F) else { return nil }
        return String(decoding: mrz.value, as: UTF8.self)
    }
}
