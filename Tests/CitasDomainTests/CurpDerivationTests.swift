import CitasDomain
import Testing

@Suite("CURP derivation and consistency")
struct CurpDerivationTests {
    static let today = LocalDate(year: 2026, month: 11, day: 29)

    static func identity(
        _ paternal: String,
        _ maternal: String,
        _ given: String,
        born: String = "1980-01-01",
        sex: DeclaredIdentity.Sex = .m,
        state: String = "DF"
    )
        throws -> DeclaredIdentity
    {
        try DeclaredIdentity(
            paternalSurname: paternal,
            maternalSurname: maternal,
            givenNames: given,
            birthDate: try LocalDate(born),
            sex: sex,
            birthState: state,
            today: today
        )
    }

    /// (paternal, maternal, given, positions 1–4, positions 14–16), from the Reglas 2021 with the four errata corrected
    /// and from the rules note's real-data confirmations.
    static let cases: [(String, String, String, String, String)] = [
        ("Salgado", "Briseño", "Concepción", "SABC", "LRN"),
        ("PEREZ", "GARCIA", "LUCERO BEATRIZ ALONDRA", "PEGL", "RRC"),
        ("REYES", "GARDU", "GUADALUPE JOSE MARIA", "REGG", "YRD"),
        ("MORENO", "SANCHEZ", "MA. DE LOS ANGELES", "MOSA", "RNN"),
        ("MORENO", "SANCHEZ", "MARIA LUISA", "MOSL", "RNS"),
        ("MORENO", "SANCHEZ", "MARIA", "MOSM", "RNR"),
        ("MORENO", "SANCHEZ", "M. TERESA", "MOST", "RNR"),
        ("LÓPEZ", "BLANCA", "J RICARDO", "LOBR", "PLC"),
        ("DE LAS LOMAS", "GARCES", "JUAN ANGEL", "LOGJ", "MRN"),
        ("ESTRADA", "LOPEZ", "MARIA JOSE", "EALJ", "SPS"),
        ("HERNANDEZ", "LUGO", "JOSE MARIA", "HELM", "RGR"),
        ("PEDRERO", "DOMINGUEZ", "OFELIA", "PXDO", "DMF"),
        ("JOHNSON", "TORRES", "OSCAR", "JXTO", "HRS"),
        ("VARGAS", "DE LA CRUZ", "AMELIA", "VXCA", "RRM"),
        ("PEÑA", "NIETO", "ENRIQUE", "PXNE", "XTN"),
        ("GARDUÑO", "", "JUAN", "GAXJ", "RXN"),
        ("", "LUNA", "TOMAS", "LUXT", "NXM"),
        ("", "", "JUAN", "XXXJ", "XXN"),
        ("", "", "FEDERICO", "XXXF", "XXD"),
        ("ÑANDO", "RAMOS", "ANA", "XARA", "NMN"),
        ("CASTILLEJO", "ÑANDÚ", "TERESA", "CAXT", "SNR"),
        ("D/AMICO", "ALVAREZ", "JUAN", "DXAJ", "XLN"),
        ("TORRES", "BRAVO", "´ESSIO", "TOBX", "RRS"),
        ("O'HARA", "LOPEZ", "NORA", "OXLN", "XPR"),
        ("MC GREGOR", "LOPEZ", "ANA", "GELA", "RPN"),
        ("RIVA PALACIO", "LOPEZ", "ANA", "RILA", "VPN"),
        ("LOPEZ-CASTILLO", "RUIZ", "ANA", "LORA", "PZN"),
        ("ARGÜELLO", "PEREZ", "DIANA", "AUPD", "RRN"),
        ("ICH", "RAMOS", "ANA", "IXRA", "CMN"),
        ("OÑATE", "PO", "UEIA", "OAPU", "XXX"),
        ("MCDONALD", "DELGADO", "VAN ROB", "MODR", "CLB"),
    ]

    @Test("Positions 1–4 and 14–16 follow every rule", arguments: cases)
    func derive(_ testCase: (String, String, String, String, String)) throws {
        let (paternal, maternal, given, head, consonants) = testCase
        let derived = CurpDerivation.positions1to16(of: try Self.identity(paternal, maternal, given))
        #expect(String(derived.prefix(4)) == head, "\(paternal) \(maternal) \(given)")
        #expect(String(derived.suffix(3)) == consonants, "\(paternal) \(maternal) \(given)")
    }

    @Test("Every inconvenient word gets X in position 2", arguments: CurpRules.inconvenientWords.sorted())
    func inconvenientWord(word: String) throws {
        let chars = Array(word)
        // A surname of initial+vowel, a one-letter second surname and given name reproduce the word.
        let identity = try Self.identity(String(chars[0...1]) + "Z", String(chars[2]), String(chars[3]) + "A")
        let derived = CurpDerivation.positions1to16(of: identity)
        #expect(derived.prefix(4) == "\(chars[0])X\(chars[2])\(chars[3])")
        #expect(throws: Never.self) { try Curp(validating: CurpDerivation.firstCurp(of: identity), today: Self.today) }
    }

    @Test("Derived CURPs validate and match for random identities (seeded)")
    func roundTrip() throws {
        var rng = SplitMix64(seed: 9303)
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZÑÁÉÍÓÚÜ")
        func name(_ words: Int) -> String {
            (0..<words).map { _ in String((0..<Int.random(in: 1...9, using: &rng)).map { _ in letters.randomElement(using: &rng)! }) }
                .joined(separator: " ")
        }
        for _ in 0..<2000 {
            let born = LocalDate(dayNumber: Int.random(in: -25_000...20_000, using: &rng))
            let identity = try DeclaredIdentity(
                paternalSurname: Bool.random(using: &rng) ? name(Int.random(in: 1...3, using: &rng)) : "",
                maternalSurname: Bool.random(using: &rng) ? name(Int.random(in: 1...2, using: &rng)) : "",
                givenNames: name(Int.random(in: 1...3, using: &rng)),
                birthDate: born,
                sex: DeclaredIdentity.Sex.allCases.randomElement(using: &rng)!,
                birthState: CurpRules.states.sorted().randomElement(using: &rng)!,
                today: Self.today
            )
            let curp = try Curp(validating: CurpDerivation.firstCurp(of: identity), today: Self.today)
            #expect(throws: Never.self) { try CurpMatch.check(curp, against: identity) }
        }
    }

    @Test("A mismatch names the part that disagrees")
    func mismatches() throws {
        let curp = try Curp(validating: "SABC560626MDFLRN01", today: Self.today)
        let right = try Self.identity("SALGADO", "BRISEÑO", "CONCEPCION", born: "1956-06-26")
        try CurpMatch.check(curp, against: right)
        let cases: [(DeclaredIdentity, ErrorCode, String?)] = [
            (try Self.identity("SALGADO", "BRISEÑO", "CONCEPCION", born: "1956-06-27"), .curpMismatchBirthDate, nil),
            (try Self.identity("SALGADO", "BRISEÑO", "CONCEPCION", born: "1956-06-26", sex: .h), .curpMismatchSex, nil),
            (try Self.identity("SALGADO", "BRISEÑO", "CONCEPCION", born: "1956-06-26", state: "JC"), .curpMismatchState, nil),
            (try Self.identity("SALGADO", "PEREZ", "CONCEPCION", born: "1956-06-26"), .curpMismatchNames, "maternal_surname"),
            (try Self.identity("SALGADO", "BRISEÑO", "MARIA", born: "1956-06-26"), .curpMismatchNames, "given_names"),
        ]
        for (identity, code, detail) in cases {
            #expect(throws: CitasError(code, detail: detail)) { try CurpMatch.check(curp, against: identity) }
        }
        let young = try Curp(validating: "SABC050626MDFLRNA" + String(Curp.checkDigit(for: "SABC050626MDFLRNA")!), today: Self.today)
        let oldDate = try Self.identity("SALGADO", "BRISEÑO", "CONCEPCION", born: "1905-06-26")
        #expect(throws: CitasError(.curpMismatchCentury)) { try CurpMatch.check(young, against: oldDate) }
    }

    @Test("Declared identities refuse bad fields with their own codes")
    func badIdentity() {
        #expect(throws: CitasError(.givenNamesMissing)) { try Self.identity("LOPEZ", "", " ") }
        #expect(throws: CitasError(.nameInvalid, detail: "paternal_surname")) { try Self.identity("L0PEZ", "", "ANA") }
        #expect(throws: CitasError(.stateInvalid)) { try Self.identity("LOPEZ", "", "ANA", state: "QO") }
        #expect(throws: CitasError(.birthDateInFuture)) { try Self.identity("LOPEZ", "", "ANA", born: "2027-01-01") }
    }
}

@Suite("The `citas curp` line protocol")
struct CurpLinesTests {
    static let today = LocalDate(year: 2026, month: 11, day: 29)

    @Test("check, derive and match answer one line each")
    func lines() {
        #expect(CurpLines.check("PENE660720HMCXTN06", today: Self.today) == "invalid curp_word")
        #expect(CurpLines.check(" pxne660720hmcxtn06 ", today: Self.today) == "valid")
        #expect(CurpLines.derive("Peña\tNieto\tEnrique\t1966-07-20\tH\tMC", today: Self.today) == "PXNE660720HMCXTN")
        #expect(CurpLines.derive("Peña\tNieto\tEnrique\t1966-07-20\tF\tMC", today: Self.today) == "error sex_invalid")
        #expect(CurpLines.derive("Peña\tNieto", today: Self.today) == "error field_missing")
        let person = "Salgado\tBriseño\tConcepción\t1956-06-26\tM\tDF"
        #expect(CurpLines.match("SABC560626MDFLRN01\t" + person, today: Self.today) == "consistent")
        #expect(
            CurpLines.match("SABC560626MDFLRN01\tSalgado\tBriseño\tConcepción\t1956-06-26\tM\tJC", today: Self.today) == "inconsistent birth_state"
        )
        #expect(CurpLines.match("SABC560626MDFLRN01\tSalgado\tBriseño\tRosa\t1956-06-26\tM\tDF", today: Self.today) == "inconsistent given_names")
        #expect(CurpLines.match("SABC560626MDFLRN02\t" + person, today: Self.today) == "invalid curp_check_digit")
    }
}
