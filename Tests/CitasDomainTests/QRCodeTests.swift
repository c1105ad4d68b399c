import Foundation
import Testing

@testable import CitasDomain

/// The QR encoder against symbols made by an independent encoder (python-qrcode, read back by zxing-cpp: `Tools/qr-reference.py`): every version,
/// level and mask, both modes, module by module.
@Suite struct QRCodeTests {
    struct Reference {
        let text: String
        let correction: QRCode.Correction
        let mask: Int
        let version: Int
        let rows: [String]
    }

    static func references() throws -> [Reference] {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Samples/qr-reference.txt")
        let levels: [String: QRCode.Correction] = ["l": .low, "m": .medium, "q": .quartile, "h": .high]
        return try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n\n").filter { !$0.isEmpty }.map { block in
            let lines = block.split(separator: "\n").map(String.init)
            let hex = lines[0].dropFirst("text ".count)
            let bytes = stride(from: 0, to: hex.count, by: 2).map { UInt8(hex.dropFirst($0).prefix(2), radix: 16)! }
            let header = lines[1].split(separator: " ")
            return Reference(
                text: String(decoding: bytes, as: UTF8.self),
                correction: levels[String(header[1])]!,
                mask: Int(header[3])!,
                version: Int(header[5])!,
                rows: Array(lines.dropFirst(2))
            )
        }
    }

    @Test func matchesAnIndependentEncoderModuleByModule() throws {
        let references = try Self.references()
        #expect(Set(references.map(\.version)) == Set(1...40))
        #expect(Set(references.map(\.mask)) == Set(0..<8))
        for reference in references {
            let code = try QRCode.encode(reference.text, correction: reference.correction, mask: reference.mask)
            #expect(code.version == reference.version, "\(reference.text.prefix(20))")
            let rows = (0..<code.size).map { y in
                var bits = (0..<code.size).map { code.isDark(x: $0, y: y) ? "1" : "0" }.joined()
                bits += String(repeating: "0", count: (4 - bits.count % 4) % 4)
                return stride(from: 0, to: bits.count, by: 4).map { String(Int(bits.dropFirst($0).prefix(4), radix: 2)!, radix: 16) }.joined()
            }
            #expect(rows == reference.rows, "version \(reference.version) level \(reference.correction) mask \(reference.mask)")
        }
    }

    @Test func choosesTheMaskWithTheLowestPenalty() throws {
        let text = "CITAS1:ABCDEFGH23:GOMC850101HDFRRR09:MEX-CDMX:202612031030:" + String(repeating: "A", count: 103)
        let chosen = try QRCode.encode(text)
        let penalties = try (0..<8).map { mask in
            let code = try QRCode.encode(text, mask: mask)
            var matrix = Matrix(version: code.version)
            matrix.modules = code.modules
            return matrix.penalty
        }
        #expect(penalties[chosen.mask] == penalties.min())
        #expect(chosen.version == 7, "a comprobante's code stays small enough to print at 3 cm")
    }

    @Test func refusesWhatNoSymbolHolds() {
        #expect(throws: QRCode.TooLong.self) { try QRCode.encode(String(repeating: "é", count: 1_500), correction: .high) }
    }

    @Test func pngChunksCarryValidChecksumsAndThePixels() throws {
        let code = try QRCode.encode("HELLO WORLD", correction: .quartile, mask: 6)
        let png = [UInt8](code.png(scale: 2))
        #expect(png.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var offset = 8
        var types: [String] = []
        var idat: [UInt8] = []
        func number(_ at: Int) -> Int { png[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        while offset < png.count {
            let length = number(offset)
            let typed = Array(png[offset + 4..<offset + 8 + length])
            #expect(UInt32(number(offset + 8 + length)) == CRC32.checksum(typed))
            let type = String(decoding: typed.prefix(4), as: UTF8.self)
            types.append(type)
            if type == "IDAT" { idat = Array(typed.dropFirst(4)) }
            offset += 12 + length
        }
        #expect(types == ["IHDR", "IDAT", "IEND"])
        let side = (21 + 8) * 2
        #expect(number(16) == side && number(20) == side)
        // One stored block: the filtered rows, byte for byte.
        let rows = Array(idat[7..<idat.count - 4])
        #expect(rows.count == side * (1 + (side + 7) / 8))
        // Pixel row 8 is module row 0: the filter byte, 8 light pixels of margin (1 is light), then the finder
        // pattern's 7 dark modules (14 pixels) and a light one.
        let row = Array(rows[8 * (1 + (side + 7) / 8)..<9 * (1 + (side + 7) / 8)])
        #expect(row.prefix(4) == [0, 0xFF, 0x00, 0x03])
    }

    @Test func svgDrawsEveryDarkModuleOnce() throws {
        let code = try QRCode.encode("HELLO WORLD", correction: .quartile, mask: 6)
        let svg = code.svg(label: "Código \"QR\" <de> la cita")
        #expect(svg.contains(#"aria-label="Código &quot;QR&quot; &lt;de> la cita""#))
        let path = svg.split(separator: #"d=""#)[1].prefix { $0 != "\"" }
        let widths = path.split(separator: "h").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        #expect(widths.reduce(0, +) == code.modules.count { $0 })
    }
}
