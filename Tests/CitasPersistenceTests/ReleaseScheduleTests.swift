import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import SQLKit
import Testing

@Suite("Release schedules per office")
struct ReleaseScheduleTests {
    @Test("An office's own schedule is stored, audited and decides its draws' instants", arguments: TestDatabase.engines)
    func perOffice(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let offices = OfficeStore(database: database)
            let chicago = TestData.office(code: "US-CHICAGO", zone: "America/Chicago", country: "US")
            try await offices.seed([TestData.office(), chicago])
            let schedule = try ReleaseSchedule(timeOfDay: try LocalTime("18:30"), daysAhead: 10)
            try await offices.setRelease(office: "US-CHICAGO", to: schedule, actor: "test", now: 1)
            let stored = try await offices.require("US-CHICAGO")
            #expect(stored.release == schedule)
            #expect(try await offices.require("TEST-OFFICE").release == ReleaseSchedule())
            try await SlotStore(database: database, clock: ManualClock(TestData.start)).generate(
                for: stored,
                from: LocalDate(year: 2026, month: 12, day: 14),
                days: 1
            )
            let releaseAt = try await database.read { sql in
                try await sql.raw("SELECT due_at FROM allocations WHERE office_code = 'US-CHICAGO'").first()!.decode(column: "due_at", as: Int.self)
            }
            // Dec 4, 18:30 in Chicago (UTC−6).
            #expect(releaseAt == Int(ISO8601DateFormatter().date(from: "2026-12-05T00:30:00Z")!.timeIntervalSince1970))
            #expect(try await AuditLog.entries(about: "office:US-CHICAGO", in: database).map(\.detail) == ["18:30 10d"])
            #expect(await Fixture.code { try await offices.setRelease(office: "NOPE", to: schedule, actor: "test", now: 1) } == .officeNotFound)
        }
    }

    @Test("A lead beyond a year or below zero is refused")
    func bounds() {
        #expect(throws: CitasError(.releaseScheduleInvalid, detail: "days ahead 400")) { try ReleaseSchedule(daysAhead: 400) }
        #expect(throws: CitasError.self) { try ReleaseSchedule(daysAhead: -1) }
    }
}
