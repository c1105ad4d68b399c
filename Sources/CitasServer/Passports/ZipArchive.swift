import CitasDomain

/// A ZIP file of stored (uncompressed) entries: enough to hand a clerk the chip files in one download without a
/// compression library. Layout per APPNOTE 6.3: local headers with data, central directory, end record.
enum ZipArchive {
    static func stored(_ files: [(name: String, bytes: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for file in files {
            let name = Array(file.name.utf8)
            let crc = CRC32.checksum(file.bytes)
            let offset = out.count
            out += le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)  // version, flags, stored, time, date
            out += le32(crc) + le32(file.bytes.count) + le32(file.bytes.count) + le16(name.count) + le16(0) + name + file.bytes
            central += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
            central += le32(crc) + le32(file.bytes.count) + le32(file.bytes.count) + le16(name.count) + le16(0) + le16(0)
            central += le16(0) + le16(0) + le32(0) + le32(offset) + name
        }
        let end = le32(0x0605_4B50) + le16(0) + le16(0) + le16(files.count) + le16(files.count) + le32(central.count) + le32(out.count) + le16(0)
        return out + central + end
    }

    static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
    static func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16((value >> 16) & 0xFFFF) }
    static func le32(_ value: UInt32) -> [UInt8] { le32(Int(value)) }
}
