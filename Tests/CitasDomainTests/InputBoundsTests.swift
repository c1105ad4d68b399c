import CitasDomain
import Testing

/// Every parser of numbers typed or uploaded by people answers nil or an error for values that would overflow
/// the arithmetic after it; none of these may trap (a trap stops the whole server).
@Suite("Input bounds")
struct InputBoundsTests {
    @Test(
        "Amounts as people type them",
        arguments: [
            ("2440", 244_000), ("2440.5", 244_050), ("2440.00", 244_000), ("$2,440.00", 244_000), ("$ 2,440", 244_000), (" 900 ", 90_000),
            ("9999999.99", 999_999_999), ("0.01", 1),
        ]
    )
    func amounts(text: String, centavos: Int) {
        #expect(Money.centavos(parsing: text) == centavos)
    }

    @Test(
        "Amounts refused without trapping",
        arguments: [
            "92233720368547758.99", "922337203685477581", "9223372036854775807", "10000000", "99999999999999999999999", "-1", "1.234",
            "24,40", "2,4400", ",440", "2440.", ".50", "", "$", "1e3", "٢٤٤٠", "2440.٥", "+2440", "0x10",
        ]
    )
    func refusedAmounts(text: String) {
        #expect(Money.centavos(parsing: text) == nil)
    }

    @Test("Whole pesos of the fee table are bounded the same way")
    func feePesos() {
        #expect(Money.centavos(pesos: "4280") == 428_000)
        #expect(Money.centavos(pesos: "922337203685477581") == nil)
        #expect(Money.centavos(pesos: "4,280") == nil)
    }

    @Test(
        "Dates and times with huge or foreign numbers are refused",
        arguments: ["99999999999999999999-01-01", "+999-01-01", "2026-00-10", "2026-13-01", "2026-02-30", "２０２６-01-01", "2026-1-01"]
    )
    func dates(text: String) {
        #expect(throws: CitasError.self) { try LocalDate(text) }
    }

    @Test("Times", arguments: ["99999999999999999999:00", "24:00", "09:60", "9:00", "+9:00", "-1:00", "０９:00"])
    func times(text: String) {
        #expect(throws: CitasError.self) { try LocalTime(text) }
    }

    @Test("Release leads and opening plans out of range are refused, never computed with")
    func leadsAndPlans() {
        #expect(throws: CitasError.self) { try ReleaseSchedule(daysAhead: Int.max) }
        #expect(throws: CitasError.self) { try ReleaseSchedule(daysAhead: Int.min) }
        #expect(throws: CitasError.self) { try OpeningPlan(hours: [:], breaks: [], slotMinutes: Int.max, counters: 1) }
        #expect(throws: CitasError.self) { try OpeningPlan(hours: [:], breaks: [], slotMinutes: 20, counters: Int.max) }
    }
}
