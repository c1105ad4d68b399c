/// DG2 (Doc 9303 Part 10 §4.7.2): the face, as a Biometric Information Group Template holding one ISO/IEC 19794-5
/// (2005) facial record around a JPEG.
public enum DG2 {
    public enum Sex: UInt8, Sendable {
        case unspecified = 0
        case male = 1
        case female = 2
    }

    /// The DG2 file for one JPEG of `width` × `height` pixels (a full-frontal image, no feature points).
    public static func file(jpeg: [UInt8], width: Int, height: Int, sex: Sex) -> [UInt8] {
        let header = TLV(
            tag: 0xA1,
            children: [
                TLV(tag: 0x80, value: [0x01, 0x01]),  // ICAO header version 1.1
                TLV(tag: 0x81, value: [0x02]),  // biometric type: facial features
                TLV(tag: 0x87, value: [0x01, 0x01]),  // format owner: ISO/IEC JTC1 SC37
                TLV(tag: 0x88, value: [0x00, 0x08]),  // format type: ISO/IEC 19794-5 face
            ]
        )
        let template = TLV(tag: 0x7F60, children: [header, TLV(tag: 0x5F2E, value: record(jpeg: jpeg, width: width, height: height, sex: sex))])
        return TLV(tag: 0x75, children: [TLV(tag: 0x7F61, children: [TLV(tag: 0x02, value: [0x01]), template])]).encoded
    }

    /// The 19794-5 record: "FAC\0", "010\0", record length, one image; facial information (20 bytes) and image
    /// information (12 bytes) before the JPEG.
    static func record(jpeg: [UInt8], width: Int, height: Int, sex: Sex) -> [UInt8] {
        let imageBlock = 20 + 12 + jpeg.count
        let total = 14 + imageBlock
        var bytes: [UInt8] = Array("FAC".utf8) + [0] + Array("010".utf8) + [0]
        bytes += be32(total) + be16(1)
        bytes += be32(imageBlock) + be16(0)  // block length, no feature points
        bytes += [sex.rawValue, 0xFF, 0xFF]  // gender, eye colour and hair colour unspecified
        bytes += [0, 0, 0] + be16(0) + [0, 0, 0] + [0, 0, 0]  // feature mask, expression, pose angle, uncertainty
        bytes += [0x01, 0x00] + be16(width) + be16(height)  // full frontal, JPEG
        bytes += [0x01, 0x02] + be16(0) + be16(0)  // 24-bit RGB, digital camera, device and quality unspecified
        return bytes + jpeg
    }

    /// The JPEG inside a DG2 file, for showing it again.
    public static func jpeg(in dg2: [UInt8]) throws(TLVError) -> [UInt8]? {
        guard let group = try TLV.parse(dg2).first, group.tag == 0x75, let info = try group.child(0x7F61), let template = try info.child(0x7F60),
            let record = try template.child(0x5F2E), record.value.count > 46
        else { return nil }
        return Array(record.value.dropFirst(46))
    }

    static func be16(_ value: Int) -> [UInt8] { [UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)] }
    static func be32(_ value: Int) -> [UInt8] { [UInt8((value >> 24) & 0xFF), UInt8((value >> 16) & 0xFF)] + be16(value) }
}
