extension Sequence<UInt8> {
    /// Lower-case hexadecimal, two digits a byte. Written out rather than `String(format: "%02x")` per byte: hashes
    /// are printed on every signed-in request and every proof checked, and Foundation's formatter costs more than
    /// the hash.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

extension Int {
    /// In decimal, padded with zeros to `width` digits (a minus sign first for a negative number), like
    /// `String(format: "%0*d")` without Foundation's formatter: dates and times print on every query they bind.
    func zeroPadded(to width: Int) -> String {
        let digits = String(magnitude)
        let padded = String(repeating: "0", count: Swift.max(0, width - digits.count - (self < 0 ? 1 : 0))) + digits
        return self < 0 ? "-" + padded : padded
    }
}
