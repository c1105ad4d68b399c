import CitasDomain
import Testing

@Suite("CURP structure and check digit")
struct CurpTests {
    @Test("The worked example from the rules note: SABC560626MDFLRN0 → 1")
    func workedExample() throws {
        #expect(Curp.checkDigit(for: "SABC560626MDFLRN0") == "1")
        #expect(try Curp(validating: "  sabc560626mdflrn01 ").value == "SABC560626MDFLRN01")
    }

    @Test(
        "Each structural failure has its own code",
        arguments: [
            ("SABC560626MDFLRN0", ErrorCode.curpLength),
            ("SABC560626MDFLRN011", .curpLength),
            ("SABC-560626MDFLRN0", .curpFormat),
            ("SABC56O626MDFLRN01", .curpFormat),
            ("SABC560626ZDFLRN01", .curpFormat),
            ("SABC560626MDFLRN02", .curpCheckDigit),
            ("ＳABC560626MDFLRN01", .curpFormat),
        ]
    )
    func failures(input: String, code: ErrorCode) {
        #expect(throws: CitasError(code)) { try Curp(validating: input) }
    }

    @Test("Folios use the unambiguous alphabet and validate")
    func folios() throws {
        let folio = Folio.random()
        #expect(folio.value.count == 10)
        #expect(try Folio(validating: folio.value.lowercased()) == folio)
        #expect(throws: CitasError(.invalidFolio)) { try Folio(validating: "ABCDEFGHI0") }
    }
}
