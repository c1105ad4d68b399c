import CitasDomain
import CitasPersistence
import CitasTestSupport
import Testing

@testable import CitasServer

/// The office's availability as month grids.
@Suite struct MonthCalendarTests {
    @Test func monthsStartOnMondayAndSayWhatADayOffers() {
        let days = [
            DayAvailability(date: LocalDate(year: 2026, month: 12, day: 31), capacity: 10, booked: 0, free: 4),
            DayAvailability(date: LocalDate(year: 2027, month: 1, day: 4), capacity: 10, booked: 10, free: 0),
        ]
        let calendar = MonthCalendar(days: days, office: TestData.office(), t: .es, language: .es)
        #expect(calendar.months.map(\.title) == ["Diciembre de 2026", "Enero de 2027"])
        // 1 December 2026 is a Tuesday: one blank before it; every week has seven cells.
        let december = calendar.months[0]
        #expect(december.weeks[0].cells.map(\.blank) == [true, false, false, false, false, false, false])
        #expect(december.weeks.allSatisfy { $0.cells.count == 7 })
        let last = december.weeks.flatMap(\.cells).first { $0.number == "31" }!
        #expect(last.href == "/es/offices/TEST-OFFICE/2026-12-31" && last.free == "4")
        #expect(last.label == "jueves, 31 de diciembre de 2026: 4 lugares libres")
        let full = calendar.months[1].weeks.flatMap(\.cells).first { $0.number == "4" }!
        #expect(full.full && full.href == nil && full.label.hasSuffix("Sin lugares"))
        let closed = december.weeks.flatMap(\.cells).first { $0.number == "5" }!
        #expect(closed.href == nil && !closed.full && closed.label == "sábado, 5 de diciembre de 2026")
    }
}
