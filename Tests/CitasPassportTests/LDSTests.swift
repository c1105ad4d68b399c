import CitasPassport
import Testing

@Suite("LDS1 files")
struct LDSTests {
    @Test("DG1 of the ICAO specimen is 93 bytes: 61 5B 5F1F 58 and the MRZ")
    func dg1() throws {
        let zone = try TD3(line1: "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", line2: "L898902C36UTO7408122F1204159ZE184226B<<<<<10")
        let bytes = LDSFiles.dg1(zone)
        #expect(bytes.count == 93 && Array(bytes.prefix(5)) == [0x61, 0x5B, 0x5F, 0x1F, 0x58])
        #expect(try LDSFiles.mrz(dg1: bytes) == zone.text)
    }

    @Test(
        "Lengths that claim more than the bytes hold are errors, not traps",
        arguments: [
            [0x61, 0x83, 0xFF, 0xFF, 0xFF, 0x00], [0x61, 0x84, 0xFF, 0xFF, 0xFF, 0xFF], [0x61, 0x88] + [UInt8](repeating: 0xFF, count: 8),
            [0x61, 0x82, 0xFF], [0x5F], [0x5F, 0x1F], [0x61, 0x80], [0x61, 0x05, 0x01],
        ] as [[UInt8]]
    )
    func hostileLengths(bytes: [UInt8]) {
        #expect(throws: TLVError.self) { try TLV.parse(bytes) }
    }

    @Test("A JPEG whose segment lengths run past its end has no size, and reading it does not trap")
    func hostileJPEG() {
        #expect(PassportPhoto.frame([0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0]) == nil)
        #expect(PassportPhoto.frame([0xFF, 0xD8] + [UInt8](repeating: 0xFF, count: 40)) == nil)
    }

    @Test("EF.COM lists the versions and the data groups present")
    func com() throws {
        let bytes = LDSFiles.com(dataGroups: [2, 1])
        #expect(
            bytes == [0x60, 0x14, 0x5F, 0x01, 0x04] + Array("0108".utf8) + [0x5F, 0x36, 0x06] + Array("040000".utf8) + [0x5C, 0x02, 0x61, 0x75]
        )
        #expect(try LDSFiles.listedDataGroups(com: bytes) == [1, 2])
    }

    @Test("Long values use 81 and 82 length forms and parse back")
    func lengths() throws {
        for count in [0, 127, 128, 255, 256, 70_000] {
            let object = TLV(tag: 0x5F2E, value: [UInt8](repeating: 7, count: count))
            #expect(try TLV.parse(object.encoded) == [object])
        }
    }

    @Test("Random bytes never crash the TLV parser (seeded)")
    func fuzz() {
        var generator = SplitMix(seed: 103)
        for _ in 0..<20_000 {
            let bytes = (0..<Int(generator.next() % 40)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            _ = try? TLV.parse(bytes)
            _ = try? LDSFiles.mrz(dg1: bytes)
            _ = try? LDSFiles.listedDataGroups(com: [0x60, 0x05] + bytes)
        }
    }
}
