import CitasPassport
import Foundation
import Testing

@Suite("TD3 machine-readable zone")
struct MRZTests {
    @Test("The ICAO specimen reproduces exactly, and parses back")
    func specimen() throws {
        let zone = try TD3(
            documentCode: "P",
            issuingState: "UTO",
            surname: "Eriksson",
            givenNames: "Anna María",
            documentNumber: "L898902C3",
            nationality: "UTO",
            birthDate: "740812",
            sex: "F",
            expiryDate: "120415",
            optionalData: "ZE184226B"
        )
        #expect(zone.lines.0 == "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<")
        #expect(zone.lines.1 == "L898902C36UTO7408122F1204159ZE184226B<<<<<10")
        #expect(try TD3(line1: zone.lines.0, line2: zone.lines.1) == zone)
        #expect(MRZText.checkDigit("L898902C3") == "6")
    }

    @Test(
        "Mexican names: accents, Ñ, Ü, hyphens, apostrophes, particles",
        arguments: [
            ("Núñez Peña", "María José", "NUNEZ<PENA<<MARIA<JOSE"), ("Argüelles", "Zoë", "ARGUELLES<<ZOE"),
            ("Smith-Jones", "Ana", "SMITH<JONES<<ANA"), ("O'Farrill", "José", "OFARRILL<<JOSE"),
            ("Hernández de la Garza", "Ma. Fernanda", "HERNANDEZ<DE<LA<GARZA<<MA<FERNANDA"), ("Gómez", "", "GOMEZ"),
        ]
    )
    func names(surname: String, given: String, expected: String) throws {
        let zone = try TD3(
            documentCode: "PP",
            issuingState: "MEX",
            surname: surname,
            givenNames: given,
            documentNumber: "G12345678",
            nationality: "MEX",
            birthDate: "900715",
            sex: "M",
            expiryDate: "361128"
        )
        #expect(zone.name == expected + String(repeating: "<", count: 39 - expected.count))
    }

    @Test(
        "Long names are cut to 39 characters ending with a letter (Part 4 §4.2.3 examples)",
        arguments: [
            ("Nilavadhanananda", "Chayapa Dejthamrong Krasuang", "NILAVADHANANANDA<<CHAYAPA<DEJTHAMRONG<K"),
            ("Nilavadhanananda", "Arnpol Petch Charonguang", "NILAVADHANANANDA<<ARNPOL<PETCH<CHARONGU"),
            ("Papandropoulous", "Jonathon Warren Trevor", "PAPANDROPOULOUS<<JONATHON<WARREN<TREVOR"),
            ("Hernández de la Garza", "María de la Luz Xóchitl", "HERNANDEZ<DE<LA<GARZA<<MARIA<DE<LA<LU<X"),
        ]
    )
    func truncation(surname: String, given: String, expected: String) throws {
        let name = MRZName.field(primary: MRZText.components(surname), secondary: MRZText.components(given))
        #expect(name == expected)
        #expect(name.count == 39 && name.last?.isLetter == true)
    }

    @Test("A primary identifier too long keeps room for << and a given-name initial")
    func longSurname() {
        let name = MRZName.field(primary: MRZText.components("Bennelong Woolloomooloo Warrandyte Warnambool"), secondary: ["DINGO"])
        #expect(name.count == 39 && name.contains("<<D") && name.last?.isLetter == true)
    }

    @Test("Every check digit is verified when parsing; X prints as <")
    func parsing() throws {
        let zone = try TD3(
            documentCode: "PP",
            issuingState: "MEX",
            surname: "Gómez",
            givenNames: "Ana",
            documentNumber: "G12345678",
            nationality: "MEX",
            birthDate: "500102",
            sex: "X",
            expiryDate: "361128"
        )
        #expect(zone.lines.1.dropFirst(20).first == "<")
        #expect(zone.lines.1.dropFirst(42).first == "0")
        var line2 = Array(zone.lines.1)
        for position in [9, 19, 27, 42, 43] {
            let original = line2[position]
            line2[position] = original == "1" ? "2" : "1"
            #expect(throws: MRZError.self) { try TD3(line1: zone.lines.0, line2: String(line2)) }
            line2[position] = original
        }
        #expect(throws: MRZError.wrongLength) { try TD3(line1: "P<", line2: zone.lines.1) }
        for (birth, valid) in [("900230", false), ("000229", true), ("360229", true), ("010229", false), ("85<<<<", true), ("851301", false)] {
            let made = try? TD3(
                documentCode: "PP",
                issuingState: "MEX",
                surname: "A",
                givenNames: "B",
                documentNumber: "G1",
                nationality: "MEX",
                birthDate: birth,
                sex: "F",
                expiryDate: "361128"
            )
            #expect((made != nil) == valid, "\(birth)")
        }
    }

    @Test(
        "Optional data and document numbers: punctuation and spaces become the filler; only what has no MRZ form is refused",
        arguments: [
            ("MEX/0042", "MEX<0042<<<<<<"), ("Núm. 12-A", "NUM<<12<A<<<<<"), ("a.b,c;d", "A<B<C<D<<<<<<<"), ("ÑANDÚ #7", "NANDU<<7<<<<<<"),
            ("¿Sí?", "<SI<<<<<<<<<<<"), ("", "<<<<<<<<<<<<<<"), ("ЖИЛ", nil), ("A😀", nil), ("12٣", nil), ("TAB\u{7}", nil),
            ("123456789012345", nil),
        ]
    )
    func optionalData(value: String, expected: String?) throws {
        let zone = try? TD3(
            documentCode: "PP",
            issuingState: "MEX",
            surname: "Ruiz",
            givenNames: "Ana",
            documentNumber: "G-0000/01",
            nationality: "MEX",
            birthDate: "900517",
            sex: "F",
            expiryDate: "361203",
            optionalData: value
        )
        #expect(zone?.optionalData == expected, "\(value)")
        if let zone {
            #expect(zone.documentNumber == "G<0000<01")
            #expect(try TD3(line1: zone.lines.0, line2: zone.lines.1) == zone)
        }
    }

    @Test("Random text never crashes the parser (seeded)")
    func fuzz() {
        var generator = SplitMix(seed: 9303)
        let alphabet = Array("ABCXYZ0189<ñ é\u{0}")
        for _ in 0..<3000 {
            let length = Int(generator.next() % 50)
            let line = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            _ = try? TD3(line1: "P" + line, line2: line + line)
            _ = try? TD3(line1: String(repeating: "P", count: 44), line2: String(line.prefix(44)).padding(toLength: 44, withPad: "<", startingAt: 0))
        }
    }
}

/// A small seeded generator so fuzz runs are reproducible.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
