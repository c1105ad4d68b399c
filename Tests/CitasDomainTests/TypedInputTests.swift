import CitasDomain
import Testing

/// What clerks type at the counter and on the phone, read the forgiving way.
@Suite("Typed at the counter")
struct TypedInputTests {
    @Test("Times as people type them; nonsense is refused")
    func times() {
        let read = ["9:00", "9", "09.30", "9h30", "14:00 h", "2 pm", "12 am", "12 pm", "7:05 a.m.", "23:59"].map { LocalTime.typed($0)?.description }
        #expect(read == ["09:00", "09:00", "09:30", "09:30", "14:00", "14:00", "00:00", "12:00", "07:05", "23:59"])
        for bad in ["", "24:00", "9:60", "9:5", "13 pm", "nueve", "9:00:00", "-1", "0x10", "999"] { #expect(LocalTime.typed(bad) == nil, "\(bad)") }
    }

    @Test("Payments as printed and said: grouped references, pesos with signs and commas, day-first dates")
    func payments() throws {
        var generator = SystemRandomNumberGenerator()
        let reference = PaymentReference.make(using: &generator)
        let grouped = stride(from: 0, to: 16, by: 4).map { String(Array(reference)[$0..<$0 + 4]) }.joined(separator: "-")
        let typed = try TypedPayment(reference: grouped, amount: "$2,440.00", paidOn: "1/12/2026", bank: " BBVA ")
        #expect(typed.reference == reference && typed.centavos == 244_000 && typed.paidOn.description == "2026-12-01" && typed.bank == "BBVA")
        #expect(LocalDate.typed("2026-12-01")?.description == "2026-12-01" && LocalDate.typed("31/02/2026") == nil)
        #expect(LocalDate.typed("01/12/26") == nil && LocalDate.typed("2026/12/01") == nil)
        #expect(throws: CitasError(.amountInvalid, detail: "amount")) {
            try TypedPayment(reference: reference, amount: "dos mil", paidOn: "01/12/2026", bank: "")
        }
        #expect(throws: CitasError(.paymentReferenceInvalid, detail: "reference")) {
            try TypedPayment(reference: "1234 5678", amount: "2440", paidOn: "01/12/2026", bank: "")
        }
    }
}
