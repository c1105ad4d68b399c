/// The office photo a clerk uploads at issuance, checked against the basics of ISO/IEC 19794-5 (token / full-frontal
/// image) before it goes into DG2: a JPEG (baseline, extended or progressive; 8-bit; greyscale or colour), portrait
/// about 3:4, 240 to 1200 pixels wide, at most 160 KB so the chip's DG2 stays small.
public enum PassportPhoto {
    public static let maximumBytes = 160 * 1024
    public static let widths = 240...1200
    /// Height ÷ width: 4:3 is 1.333; a little either way for crops.
    public static let ratios = 1.25...1.40

    /// What is wrong with a photo.
    public enum Problem: Error, Sendable, Hashable {
        case format
        case tooLarge
        case dimensions
    }

    /// The frame a JPEG declares.
    public struct Frame: Sendable, Hashable {
        public let width: Int
        public let height: Int
        public let components: Int
        public let precision: Int
    }

    /// Checks `bytes`; returns the frame of an acceptable photo.
    public static func check(_ bytes: [UInt8]) throws(Problem) -> Frame {
        guard !bytes.isEmpty else { throw .format }
        guard bytes.count <= maximumBytes else { throw .tooLarge }
        guard let frame = frame(bytes), frame.precision == 8, [1, 3].contains(frame.components) else { throw .format }
        guard widths.contains(frame.width), frame.height > 0, ratios.contains(Double(frame.height) / Double(frame.width)) else { throw .dimensions }
        return frame
    }

    /// The start-of-frame of a JPEG (SOF0 baseline, SOF1 extended, SOF2 progressive), walking the marker segments
    /// without trusting a length past the end; nil for anything else (PNG, HEIC, lossless or arithmetic JPEG).
    public static func frame(_ bytes: [UInt8]) -> Frame? {
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var index = 2
        while index + 3 < bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            let marker = bytes[index + 1]
            // Fill bytes (FF FF …) may pad between segments.
            if marker == 0xFF {
                index += 1
                continue
            }
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            guard length >= 2 else { return nil }
            if (0xC0...0xC2).contains(marker) {
                guard index + 9 < bytes.count else { return nil }
                return Frame(
                    width: Int(bytes[index + 7]) << 8 | Int(bytes[index + 8]),
                    height: Int(bytes[index + 5]) << 8 | Int(bytes[index + 6]),
                    components: Int(bytes[index + 9]),
                    precision: Int(bytes[index + 4])
                )
            }
            // Any other SOF (lossless, hierarchical, arithmetic) or the scan itself before a frame: not accepted.
            if (0xC3...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC || marker == 0xDA { return nil }
            index += 2 + length
        }
        return nil
    }
}
