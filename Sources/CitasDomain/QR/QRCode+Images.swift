import Foundation

/// The symbol as pictures: SVG for pages (sharp at any zoom and in print) and PNG for e-mail, where SVG is not shown.
/// Both keep the four-module light margin a reader needs.
extension QRCode {
    static let quietZone = 4

    /// An SVG with one path for all dark modules; `label` is its accessible name.
    public func svg(label: String) -> String {
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                let start = x
                while x < size && isDark(x: x, y: y) { x += 1 }
                path += "M\(start + Self.quietZone) \(y + Self.quietZone)h\(x - start)v1h-\(x - start)z"
            }
        }
        let side = size + 2 * Self.quietZone
        let escaped = label.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;")
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" role="img" aria-label="\(escaped)" shape-rendering="crispEdges">\
            <rect width="\(side)" height="\(side)" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
            """
    }

    /// A black-and-white PNG, `scale` pixels per module.
    public func png(scale: Int = 4) -> Data {
        let side = (size + 2 * Self.quietZone) * scale
        let rowBytes = (side + 7) / 8
        var pixels = [UInt8]()
        pixels.reserveCapacity((rowBytes + 1) * side)
        for row in 0..<side {
            pixels.append(0)  // filter: none
            let y = row / scale - Self.quietZone
            var byte: UInt8 = 0
            for column in 0..<rowBytes * 8 {
                let x = column / scale - Self.quietZone
                let dark = column < side && (0..<size).contains(x) && (0..<size).contains(y) && isDark(x: x, y: y)
                if !dark { byte |= 0x80 >> UInt8(column % 8) }  // 1 is white in a 1-bit greyscale image
                if column % 8 == 7 {
                    pixels.append(byte)
                    byte = 0
                }
            }
        }
        return PNG.greyscale1Bit(width: side, height: side, filteredRows: pixels)
    }
}

/// The least of PNG (ISO/IEC 15948) a 1-bit image needs: IHDR, one IDAT of stored (uncompressed) deflate blocks,
/// IEND. A QR code's few kilobytes do not need compression, and this keeps zlib out of the build.
enum PNG {
    static func greyscale1Bit(width: Int, height: Int, filteredRows: [UInt8]) -> Data {
        var header = [UInt8]()
        header += bigEndian(UInt32(width))
        header += bigEndian(UInt32(height))
        header += [1, 0, 0, 0, 0]  // bit depth 1, greyscale, deflate, adaptive filtering, no interlace
        var file = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        file += chunk("IHDR", header)
        file += chunk("IDAT", zlibStored(filteredRows))
        file += chunk("IEND", [])
        return file
    }

    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            let final: UInt8 = offset + length == data.count ? 1 : 0
            out += [final, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += data[offset..<offset + length]
            offset += length
        } while offset < data.count
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + bigEndian(b << 16 | a)
    }

    private static func chunk(_ type: String, _ body: [UInt8]) -> Data {
        let typed = Array(type.utf8) + body
        return Data(bigEndian(UInt32(body.count)) + typed + bigEndian(CRC32.checksum(typed)))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
