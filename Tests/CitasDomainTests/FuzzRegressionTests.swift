import CitasDomain
import Foundation
import Testing

/// Inputs libFuzzer found (`scripts/fuzz.sh`), kept so the bug each exposed stays fixed.
@Suite("Fuzzer findings")
struct FuzzRegressionTests {
    static func text(_ base64: String) -> String {
        String(decoding: Data(base64Encoded: base64)!, as: UTF8.self)
    }

    @Test("An address whose xn-- form is over 254 bytes is too long, however short it was typed")
    func emailLengthAsSent() {
        // Invalid UTF-8 around dots in the domain: each label becomes a long `xn--` label.
        let input = Self.text(
            "JUDYxaIuoi6iLqIuoi7t/S6iLnZ2dnZ2dnZ2dnZ2dnZ2di6iLqIuoi6iLu39LqIudnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2doqNoi6ioi6iLqIuonZ2dnZ2dnZ2dnaiLqJ5bWFpbC5oYe39"
        )
        #expect(throws: CitasError(.emailTooLong)) { try EmailAddress(validating: input) }
        let accepted = try? EmailAddress(validating: "ana@" + String(repeating: "ñ", count: 20) + ".mx")
        #expect(accepted.map { (try? EmailAddress(validating: $0.canonical))?.canonical == $0.canonical } == true)
    }

    @Test("A CSV header that repeats a column name is read, not a trap (a bank file upload stopped the server)")
    func csvRepeatedHeader() {
        #expect(CSVReader.records(Self.text("LAo/")) == [["": "?"]])
        #expect(CSVReader.records("amount,amount\n1,2\n") == [["amount": "1"]])
    }
}
