/// BER-TLV as the chip stores it (ISO/IEC 7816-4): one- or two-byte tags, definite lengths in the shortest form.
public struct TLV: Sendable, Hashable {
    public let tag: UInt16
    public let value: [UInt8]

    public init(tag: UInt16, value: [UInt8]) {
        self.tag = tag
        self.value = value
    }

    /// A constructed object from its children.
    public init(tag: UInt16, children: [TLV]) {
        self.init(tag: tag, value: children.flatMap(\.encoded))
    }

    public var encoded: [UInt8] {
        let tagBytes: [UInt8] = tag > 0xFF ? [UInt8(tag >> 8), UInt8(tag & 0xFF)] : [UInt8(tag)]
        return tagBytes + Self.length(value.count) + value
    }

    static func length(_ count: Int) -> [UInt8] {
        switch count {
        case ..<0x80: [UInt8(count)]
        case ..<0x100: [0x81, UInt8(count)]
        case ..<0x10000: [0x82, UInt8(count >> 8), UInt8(count & 0xFF)]
        default: [0x83, UInt8(count >> 16), UInt8((count >> 8) & 0xFF), UInt8(count & 0xFF)]
        }
    }

    /// Parses every object in `bytes`; throws on a truncated or malformed encoding instead of trapping.
    public static func parse(_ bytes: [UInt8]) throws(TLVError) -> [TLV] {
        var objects: [TLV] = []
        var index = 0
        while index < bytes.count {
            let (object, next) = try parseOne(bytes, at: index)
            objects.append(object)
            index = next
        }
        return objects
    }

    /// The children of a constructed object.
    public func children() throws(TLVError) -> [TLV] { try Self.parse(value) }

    /// The first child with `tag`.
    public func child(_ tag: UInt16) throws(TLVError) -> TLV? { try children().first { $0.tag == tag } }

    static func parseOne(_ bytes: [UInt8], at start: Int) throws(TLVError) -> (TLV, Int) {
        var index = start
        guard index < bytes.count else { throw .truncated }
        var tag = UInt16(bytes[index])
        index += 1
        // A low-tag-number of 31 means the tag continues in the next byte (two-byte tags are all LDS1 uses).
        if tag & 0x1F == 0x1F {
            guard index < bytes.count, bytes[index] & 0x80 == 0 else { throw .unsupportedTag }
            tag = tag << 8 | UInt16(bytes[index])
            index += 1
        }
        guard index < bytes.count else { throw .truncated }
        var length = Int(bytes[index])
        index += 1
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard (1...3).contains(count), index + count <= bytes.count else { throw .badLength }
            length = bytes[index..<index + count].reduce(0) { $0 << 8 | Int($1) }
            index += count
        }
        guard length <= bytes.count - index else { throw .truncated }
        return (TLV(tag: tag, value: Array(bytes[index..<index + length])), index + length)
    }
}

/// Why bytes are not a TLV object.
public enum TLVError: Error, Sendable, Hashable {
    case truncated
    case badLength
    case unsupportedTag
}
