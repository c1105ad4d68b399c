import CitasPassport
import Testing

/// The office photo's checks (ISO/IEC 19794-5 basics): what is accepted goes into DG2, the rest gets a reason.
@Suite("The office photo")
struct PassportPhotoTests {
    /// The silhouette with its start-of-frame rewritten: `marker` (C0 baseline, C2 progressive, C3 lossless…),
    /// sample precision, size and component count.
    static func jpeg(marker: UInt8 = 0xC0, precision: UInt8 = 8, width: Int = 480, height: Int = 640, components: UInt8 = 3) throws -> [UInt8] {
        var bytes = try PassportChip.silhouette()
        let sof = try #require((2..<bytes.count - 1).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        bytes[sof + 1] = marker
        bytes[sof + 4] = precision
        bytes[sof + 5] = UInt8(height >> 8)
        bytes[sof + 6] = UInt8(height & 0xFF)
        bytes[sof + 7] = UInt8(width >> 8)
        bytes[sof + 8] = UInt8(width & 0xFF)
        bytes[sof + 9] = components
        return bytes
    }

    @Test("Portrait 3:4 JPEGs from 240 to 1200 pixels wide, baseline or progressive, colour or grey, are accepted")
    func accepted() throws {
        let frame = try PassportPhoto.check(try PassportChip.silhouette())
        #expect(frame.width == 240 && frame.height == 320 && frame.components == 3 && frame.precision == 8)
        for (width, height) in [(240, 320), (480, 640), (600, 800), (1200, 1600), (413, 531)] {
            #expect(throws: Never.self) { try PassportPhoto.check(try Self.jpeg(width: width, height: height)) }
        }
        #expect(throws: Never.self) { try PassportPhoto.check(try Self.jpeg(marker: 0xC2, components: 1)) }
    }

    @Test(
        "Refused with a reason: not a JPEG, a JPEG kind chips do not carry, too large, landscape, too small or too big",
        arguments: [
            ("empty", PassportPhoto.Problem.format), ("png", .format), ("lossless", .format), ("12-bit", .format), ("cmyk", .format),
            ("large", .tooLarge), ("landscape", .dimensions), ("square", .dimensions), ("small", .dimensions), ("huge", .dimensions),
        ]
    )
    func refused(kind: String, problem: PassportPhoto.Problem) throws {
        let bytes: [UInt8] =
            switch kind {
            case "empty": []
            case "png": [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 100)
            case "lossless": try Self.jpeg(marker: 0xC3)
            case "12-bit": try Self.jpeg(precision: 12)
            case "cmyk": try Self.jpeg(components: 4)
            case "large": try Self.jpeg() + [UInt8](repeating: 0, count: PassportPhoto.maximumBytes)
            case "landscape": try Self.jpeg(width: 640, height: 480)
            case "square": try Self.jpeg(width: 600, height: 600)
            case "small": try Self.jpeg(width: 120, height: 160)
            default: try Self.jpeg(width: 1500, height: 2000)
            }
        #expect(throws: problem) { try PassportPhoto.check(bytes) }
    }

    @Test("Random bytes and cut JPEGs never trap the reader (seeded)")
    func fuzz() throws {
        let photo = try PassportChip.silhouette()
        var generator = SplitMix(seed: 19_794)
        for _ in 0..<3000 {
            var bytes = Array(photo.prefix(Int(generator.next() % 700)))
            for _ in 0..<3 where !bytes.isEmpty { bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next()) }
            _ = try? PassportPhoto.check(bytes)
        }
    }
}
