import CitasDomain
import Testing

@Suite("Names and addresses that look like something else")
struct NamesAndAddressesTests {
    static func identity(given: String, paternal: String = "Gómez") throws(CitasError) -> DeclaredIdentity {
        try DeclaredIdentity(
            paternalSurname: paternal,
            maternalSurname: "Díaz",
            givenNames: given,
            birthDate: LocalDate(year: 1990, month: 5, day: 17),
            sex: .m,
            birthState: "DF",
            today: LocalDate(year: 2026, month: 12, day: 2)
        )
    }

    @Test(
        "Invisible characters are refused in names, even inside a letter's grapheme",
        arguments: ["An\u{200D}a", "Ana\u{200B}", "\u{2060}Ana", "A\u{00AD}na", "Ana\u{FEFF}", "An\u{202E}a", "Ana\u{E000}", "A\u{0007}na"]
    )
    func invisible(name: String) {
        #expect(throws: CitasError(.nameInvalid, detail: "given_names")) { try Self.identity(given: name) }
    }

    @Test("Names are stored in NFC: a combining accent and a precomposed letter are one name")
    func normalForm() throws {
        let decomposed = try Self.identity(given: "Jose\u{0301}", paternal: "Nu\u{0303}n\u{0303}ez")
        #expect(decomposed.givenNames.unicodeScalars.map(\.value) == "José".unicodeScalars.map(\.value))
        #expect(decomposed.paternalSurname.unicodeScalars.count == "Ñuñez".unicodeScalars.count)
        #expect(try Self.identity(given: "María José").givenNames == "María José")
    }

    @Test(
        "Look-alike and empty local parts are refused",
        arguments: [
            "p\u{0430}ypal@example.com",  // Cyrillic а among Latin letters
            "\u{03BF}scar@example.com",  // Greek ο before Latin letters
            "+citas@gmail.com", "+@example.com",
        ]
    )
    func lookAlikes(address: String) {
        #expect(throws: CitasError(.emailSyntax)) { try EmailAddress(validating: address) }
    }

    @Test("One script is fine whichever it is; a trailing dot on the domain is dropped")
    func accepted() throws {
        #expect(try EmailAddress(validating: "иван@example.ru").localPart == "иван")
        #expect(try EmailAddress(validating: "josé.núñez@example.mx").localPart == "josé.núñez")
        #expect(try EmailAddress(validating: "ana@example.com.").canonical == "ana@example.com")
        #expect(throws: CitasError(.emailDomainInvalid)) { try EmailAddress(validating: "ana@example.com..") }
    }
}
