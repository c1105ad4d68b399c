import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import SQLKit
import Testing

@Suite("Reminder e-mails")
struct ReminderTests {
    static func reminders(_ database: any AppDatabase) async throws -> [(recipient: String, body: String)] {
        try await database.read { sql in
            try await sql.raw("SELECT recipient, body FROM outbox WHERE kind = 'reminder' ORDER BY id").all().map {
                (try $0.decode(column: "recipient", as: String.self), try $0.decode(column: "body", as: String.self))
            }
        }
    }

    @Test(
        "Three days and one day before, once each, whoever runs the job; late bookings and cancelled ones get fewer",
        arguments: TestDatabase.engines
    )
    func remindersOnce(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database)
            for n in 1...3 { try await SeededAccounts.register(n, email: "persona\(n)@example.com", database: database) }
            // Person 1 on the 9th (a week ahead), person 2 on the 3rd (two days ahead), person 3 on the 9th, then cancelled.
            let first = try await fixture.appointments.book(fixture.request(TestData.curp(1), day: 9))
            _ = try await fixture.appointments.book(fixture.request(TestData.curp(2), day: 3))
            let third = try await fixture.appointments.book(fixture.request(TestData.curp(3), day: 9, time: "09:30"))
            _ = try await fixture.appointments.cancel(folio: try Folio(validating: third.folio), curp: TestData.curp(3), actor: "test")
            let store = ReminderStore(database: database, clock: fixture.clock)
            // Now: person 2 is inside three days but was booked inside them too, so only the one-day reminder will come.
            #expect(try await store.queueDue() == 0)
            fixture.clock.set(first.startsAt.addingTimeInterval(-3 * 86_400 + 60))
            // Several instances at once: each reminder is queued once.
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 { group.addTask { try await store.queueDue() } }
                return try await group.reduce(0, +)
            }
            // Person 1's three-day reminder; person 2's one day has passed by then (the 3rd is before the 6th).
            #expect(counts == 1)
            var mails = try await Self.reminders(database)
            #expect(mails.map(\.recipient) == ["persona1@example.com"])
            #expect(mails.first?.body.contains("su cita es en 3 días") == true && mails.first?.body.contains("Folio: \(first.folio)") == true)
            #expect(try await store.queueDue() == 0)
            fixture.clock.set(first.startsAt.addingTimeInterval(-86_400 + 60))
            #expect(try await store.queueDue() == 1)
            mails = try await Self.reminders(database)
            #expect(mails.count == 2 && mails.last?.body.contains("su cita es mañana") == true)
            #expect(try await store.queueDue() == 0)
        }
    }

    @Test("A booking two days ahead gets the one-day reminder only", arguments: TestDatabase.engines)
    func lateBookingGetsOneDay(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database)
            try await SeededAccounts.register(2, email: "persona2@example.com", database: database)
            let booked = try await fixture.appointments.book(fixture.request(TestData.curp(2), day: 3))
            let store = ReminderStore(database: database, clock: fixture.clock)
            #expect(try await store.queueDue() == 0)
            fixture.clock.set(booked.startsAt.addingTimeInterval(-86_400 + 60))
            #expect(try await store.queueDue() == 1)
            #expect(try await Self.reminders(database).first?.body.contains("mañana") == true)
        }
    }
}
