/// A QR code symbol (ISO/IEC 18004, model 2) for a short text: the printed, offline-checkable proof of an
/// appointment. Written here because no QR package is among the ones this project may depend on; it follows the
/// standard's algorithm (and the structure of Project Nayuki's reference encoder) and is checked module by module
/// against an independent encoder and read back by an independent decoder in the tests.
public struct QRCode: Sendable, Hashable {
    /// How much of the symbol may be damaged and still read: about 7 %, 15 %, 25 % and 30 %.
    public enum Correction: Sendable, Hashable, CaseIterable {
        case low, medium, quartile, high
    }

    /// The text does not fit in the largest symbol at the chosen correction level.
    public struct TooLong: Error, Hashable {
        public let bits: Int
    }

    public let version: Int
    public let correction: Correction
    public let mask: Int
    /// Modules per side (21 for version 1, four more per version).
    public let size: Int
    /// Dark modules, row by row from the top left.
    public let modules: [Bool]

    /// Whether the module at column `x`, row `y` is dark.
    public func isDark(x: Int, y: Int) -> Bool { modules[y * size + x] }

    /// Encodes `text` in the smallest version that holds it: alphanumeric mode when every character is one of the
    /// 45 it has (upper-case letters, digits, ` $%*+-./:`), UTF-8 bytes otherwise. `mask` forces a mask pattern
    /// (0–7); by default the one with the lowest penalty, as the standard asks.
    public static func encode(_ text: String, correction: Correction = .medium, mask: Int? = nil) throws(TooLong) -> QRCode {
        let segment = Segment(text)
        var version = 1
        while segment.bitLength(version: version) > dataCodewords(version: version, correction: correction) * 8 {
            guard version < 40 else { throw TooLong(bits: segment.bitLength(version: 40)) }
            version += 1
        }
        let data = segment.codewords(capacity: dataCodewords(version: version, correction: correction), version: version)
        var matrix = Matrix(version: version)
        matrix.drawFunctionPatterns(correction: correction)
        matrix.drawCodewords(interleaved(data, version: version, correction: correction))
        let chosen = mask ?? (0..<8).map { matrix.masked($0, correction: correction).penalty }.enumerated().min { $0.element < $1.element }!.offset
        let final = matrix.masked(chosen, correction: correction)
        return QRCode(version: version, correction: correction, mask: chosen, size: final.size, modules: final.modules)
    }

    /// Modules that can hold data (everything but the function patterns and format/version information).
    static func rawDataModules(version: Int) -> Int {
        var result = (16 * version + 128) * version + 64
        if version >= 2 {
            let alignment = version / 7 + 2
            result -= (25 * alignment - 10) * alignment - 55
            if version >= 7 { result -= 36 }
        }
        return result
    }

    static func dataCodewords(version: Int, correction: Correction) -> Int {
        rawDataModules(version: version) / 8 - correction.codewordsPerBlock[version] * correction.blocks[version]
    }

    /// Splits the data into blocks, appends each block's Reed–Solomon codewords and interleaves them (§7.6).
    static func interleaved(_ data: [UInt8], version: Int, correction: Correction) -> [UInt8] {
        let blockCount = correction.blocks[version]
        let eccLength = correction.codewordsPerBlock[version]
        let raw = rawDataModules(version: version) / 8
        let shortBlocks = blockCount - raw % blockCount
        let shortLength = raw / blockCount
        let divisor = ReedSolomon.divisor(degree: eccLength)
        var blocks: [[UInt8]] = []
        var offset = 0
        for index in 0..<blockCount {
            let length = shortLength - eccLength + (index < shortBlocks ? 0 : 1)
            var block = Array(data[offset..<offset + length])
            offset += length
            block += ReedSolomon.remainder(of: block, divisor: divisor)
            if index < shortBlocks { block.insert(0, at: shortLength - eccLength) }
            blocks.append(block)
        }
        var result: [UInt8] = []
        result.reserveCapacity(raw)
        for column in 0..<blocks[0].count {
            for (index, block) in blocks.enumerated() where column != shortLength - eccLength || index >= shortBlocks {
                result.append(block[column])
            }
        }
        return result
    }
}

/// The one segment a Citas text becomes, in the most compact of the two modes it can use.
struct Segment {
    static let alphanumeric = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")

    let isAlphanumeric: Bool
    let values: [Int]

    init(_ text: String) {
        let characters = Array(text)
        let indices = characters.map { Self.alphanumeric.firstIndex(of: $0) }
        if indices.allSatisfy({ $0 != nil }) {
            isAlphanumeric = true
            values = indices.map { $0! }
        } else {
            isAlphanumeric = false
            values = text.utf8.map(Int.init)
        }
    }

    /// Bits of the character count field (Table 3): it grows with the version.
    func countBits(version: Int) -> Int {
        let band = version <= 9 ? 0 : version <= 26 ? 1 : 2
        return isAlphanumeric ? [9, 11, 13][band] : [8, 16, 16][band]
    }

    func bitLength(version: Int) -> Int {
        let payload = isAlphanumeric ? values.count / 2 * 11 + values.count % 2 * 6 : values.count * 8
        return 4 + countBits(version: version) + payload
    }

    /// Mode, count, data, terminator and padding: exactly `capacity` codewords.
    func codewords(capacity: Int, version: Int) -> [UInt8] {
        var bits = BitBuffer()
        bits.append(isAlphanumeric ? 0b0010 : 0b0100, count: 4)
        bits.append(values.count, count: countBits(version: version))
        if isAlphanumeric {
            var index = 0
            while index + 1 < values.count {
                bits.append(values[index] * 45 + values[index + 1], count: 11)
                index += 2
            }
            if index < values.count { bits.append(values[index], count: 6) }
        } else {
            for value in values { bits.append(value, count: 8) }
        }
        bits.append(0, count: min(4, capacity * 8 - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var pad = 0xEC
        while bits.count < capacity * 8 {
            bits.append(pad, count: 8)
            pad ^= 0xEC ^ 0x11
        }
        return bits.bytes
    }
}

/// Bits appended most significant first, read back as bytes.
struct BitBuffer {
    private(set) var bits: [Bool] = []
    var count: Int { bits.count }

    mutating func append(_ value: Int, count: Int) {
        for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
    }

    var bytes: [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<min(start + 8, bits.count)].enumerated().reduce(UInt8(0)) { $0 | ($1.element ? 0x80 >> UInt8($1.offset) : 0) }
        }
    }
}

/// Arithmetic in GF(2⁸) modulo x⁸ + x⁴ + x³ + x² + 1, as the standard's error correction uses.
enum ReedSolomon {
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var z = 0
        for shift in stride(from: 7, through: 0, by: -1) {
            z = (z << 1) ^ ((z >> 7) * 0x11D)
            z ^= Int((y >> UInt8(shift)) & 1) * Int(x)
        }
        return UInt8(z)
    }

    /// The generator polynomial of `degree`, leading coefficient dropped.
    static func divisor(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for index in 0..<degree {
                result[index] = multiply(result[index], root)
                if index + 1 < degree { result[index] ^= result[index + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    static func remainder(of data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for index in result.indices { result[index] ^= multiply(divisor[index], factor) }
        }
        return result
    }
}
