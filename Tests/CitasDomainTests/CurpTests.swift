import CitasDomain
import Testing

@Suite("CURP validation")
struct CurpTests {
    static let today = LocalDate(year: 2026, month: 11, day: 29)

    @Test(
        "Published examples are valid",
        arguments: ["SABC560626MDFLRN01", "HEGG560427MVZRRL04", "PXNE660720HMCXTN06", "LORX350217HNEPDV08", "BOXW310820HNERXN09"]
    )
    func published(curp: String) throws {
        #expect(try Curp(validating: curp, today: Self.today).value == curp)
    }

    @Test("The worked check digit: SABC560626MDFLRN0 → 1; trimming and upper-casing only")
    func workedExample() throws {
        #expect(Curp.checkDigit(for: "SABC560626MDFLRN0") == "1")
        #expect(try Curp(validating: "  sabc560626mdflrn01\n", today: Self.today).value == "SABC560626MDFLRN01")
    }

    @Test(
        "Each failure has its own code",
        arguments: [
            ("SABC560626MDFLRN0", ErrorCode.curpLength),
            ("SABC560626MDFLRN011", .curpLength),
            ("SABC 560626MDFLRN0", .curpFormat),
            ("SABC-560626MDFLRN0", .curpFormat),
            ("ＳABC560626MDFLRN01", .curpFormat),
            ("SABC56O626MDFLRN01", .curpFormat),
            ("SAÑC560626MDFLRN01", .curpFormat),
            ("SBBC560626MDFLRN01", .curpVowel),
            ("SABC560631MDFLRN01", .curpDate),
            ("SABC561326MDFLRN01", .curpDate),
            ("SABC300626MDFLRNA1", .curpDate),
            ("SABC560626MDFLRNK1", .curpCentury),
            ("SABC560626FDFLRN01", .curpSex),
            ("SABC560626MQOLRN01", .curpState),
            ("SABC560626MDFLAN01", .curpConsonants),
            ("PENE660720HMCXTN06", .curpWord),
            ("SABC560626MDFLRN02", .curpCheckDigit),
        ]
    )
    func failures(input: String, code: ErrorCode) {
        #expect(throws: CitasError(code)) { try Curp(validating: input, today: Self.today) }
    }

    @Test("Sex X and births from 2000 (A–J) are accepted")
    func nonBinaryAndNewCentury() throws {
        for first17 in ["SABC560626XDFLRN0", "SABC050626MDFLRNA", "SABC050626MDFLRNJ"] {
            let curp = first17 + String(Curp.checkDigit(for: first17)!)
            #expect(try Curp(validating: curp, today: Self.today).value == curp)
        }
        let curp = "SABC050626MDFLRNA" + String(Curp.checkDigit(for: "SABC050626MDFLRNA")!)
        #expect(try Curp(validating: curp, today: Self.today).birthDate == LocalDate(year: 2005, month: 6, day: 26))
    }

    @Test("Folios use the unambiguous alphabet and validate")
    func folios() throws {
        let folio = Folio.random()
        #expect(folio.value.count == 10)
        #expect(try Folio(validating: folio.value.lowercased()) == folio)
        #expect(throws: CitasError(.invalidFolio)) { try Folio(validating: "ABCDEFGHI0") }
    }
}

@Suite("CURP state names")
struct CurpStateNameTests {
    @Test("Every state code but NE has exactly one name")
    func complete() {
        #expect(Set(CurpStates.named.map(\.code)) == CurpRules.states.subtracting(["NE"]))
        #expect(CurpStates.named.count == 32)
    }
}
