import CitasDomain
import Foundation
import Testing

@Suite("Dates, times, plans and the catalogue")
struct CalendarTests {
    @Test("Local dates parse strictly and count days without time zones")
    func localDates() throws {
        #expect(try LocalDate("2028-02-29").adding(days: 1).description == "2028-03-01")
        #expect(LocalDate(year: 2026, month: 12, day: 1).isoWeekday == 2)
        #expect(LocalDate(year: 1970, month: 1, day: 1).dayNumber == 0)
        for bad in ["2026-02-29", "2026-13-01", "26-01-01", "2026-1-01", "２026-01-01", ""] {
            #expect(throws: CitasError.self) { try LocalDate(bad) }
        }
    }

    @Test("Dates and times print zero-padded, and read back")
    func printing() throws {
        #expect(LocalDate(year: 987, month: 3, day: 4).description == "0987-03-04")
        #expect(LocalDate(year: 2026, month: 12, day: 31).description == "2026-12-31")
        #expect(LocalTime(minutes: 65).description == "01:05")
        #expect(LocalTime(minutes: 23 * 60 + 59).description == "23:59")
        #expect(try LocalDate("0987-03-04") == LocalDate(year: 987, month: 3, day: 4))
    }

    @Test("A month is the half-open range of its days, across the year's end too")
    func monthRange() throws {
        #expect(try LocalDate.monthRange("2026-12") == (LocalDate(year: 2026, month: 12, day: 1), LocalDate(year: 2027, month: 1, day: 1)))
        #expect(try LocalDate.monthRange("2028-02").next.description == "2028-03-01")
        for bad in ["2026-13", "2026", "2026-1", "x"] {
            #expect(throws: CitasError.self) { try LocalDate.monthRange(bad) }
        }
    }

    @Test("Plans round-trip through their text form and skip breaks")
    func plans() throws {
        let plan = try OpeningPlan(hoursText: "Mon-Fri 08:00-15:00; Sat 07:00-13:00", breaksText: "11:00-11:30", slotMinutes: 30, counters: 4)
        #expect(plan.hoursText == "Mon-Fri 08:00-15:00; Sat 07:00-13:00")
        #expect(plan.hours[7] == nil)
        let times = plan.slotTimes(within: plan.hours[1]!).map(\.description)
        #expect(times.count == 13 && !times.contains("11:00") && times.last == "14:30")
        #expect(throws: CitasError.self) { try OpeningPlan(hoursText: "Sun-Mon 08:00-15:00", breaksText: "", slotMinutes: 30, counters: 1) }
        #expect(throws: CitasError.self) { try OpeningPlan(hoursText: "Mon 15:00-08:00", breaksText: "", slotMinutes: 30, counters: 1) }
    }

    @Test("The catalogue: 47 offices in Mexico, 20 consulates, all 32 states, valid zones")
    func catalogue() throws {
        let offices = try OfficeCatalogue.offices()
        #expect(offices.filter { $0.country == "MX" }.count == 47)
        #expect(offices.filter { $0.kind == .consulado }.count == 20)
        #expect(Set(offices.filter { $0.country == "MX" }.map(\.stateCode)).count == 32)
        #expect(offices.allSatisfy { TimeZone(identifier: $0.timeZone) != nil && $0.plan.counters > 0 })
        #expect(Set(offices.map(\.code)).count == offices.count)
        let holidays = try OfficeCatalogue.holidays()
        #expect(holidays.contains { $0.date == LocalDate(year: 2026, month: 12, day: 25) })
    }

    @Test("CSV fields with quotes, commas and doubled quotes")
    func csv() {
        let rows = CSVReader.parse("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n")
        #expect(rows == [["a", "b"], ["x, y", "say \"hi\""]])
    }

    @Test("Every error code has a message in both languages; Accept-Language picks the language")
    func messages() {
        for code in ErrorCode.allCases {
            #expect(code.message(in: .es) != code.message(in: .en), "\(code)")
        }
        #expect(Language.preferred(fromAcceptLanguage: "en-US,en;q=0.9") == .en)
        #expect(Language.preferred(fromAcceptLanguage: "fr, es;q=0.3, en;q=0.2") == .es)
        #expect(Language.preferred(fromAcceptLanguage: nil) == .es)
    }
}

@Suite("The lottery")
struct LotteryTests {
    @Test("The same seed gives the same order; orders are permutations; seeds differ")
    func seeded() {
        let items = Array(1...50)
        let order = Lottery.order(items, seed: 42)
        #expect(order == Lottery.order(items, seed: 42))
        #expect(order.sorted() == items)
        #expect(order != Lottery.order(items, seed: 43))
        #expect(Lottery.order([7], seed: 1) == [7])
    }

    @Test("Each position is roughly uniform over many seeds")
    func uniform() {
        var firsts = [Int](repeating: 0, count: 5)
        for seed in 0..<10_000 { firsts[Lottery.order(Array(0..<5), seed: UInt64(seed))[0]] += 1 }
        #expect(firsts.allSatisfy { (1_800...2_200).contains($0) })
    }

    @Test("Release instants are local wall-clock times days ahead")
    func releaseInstant() {
        let office = Office(
            code: "X",
            name: "X",
            kind: .delegacion,
            country: "MX",
            stateCode: "BC",
            stateName: "Baja California",
            city: "Tijuana",
            timeZone: "America/Tijuana",
            address: "",
            services: [.first],
            plan: try! OpeningPlan(hoursText: "Mon-Fri 08:00-15:00", breaksText: "", slotMinutes: 20, counters: 1)
        )
        let instant = ReleaseSchedule().releaseInstant(of: LocalDate(year: 2027, month: 5, day: 10), at: office)!
        #expect(instant == Int(ISO8601DateFormatter().date(from: "2027-03-11T17:00:00Z")!.timeIntervalSince1970))
    }
}
