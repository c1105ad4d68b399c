import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import SQLKit
import Testing

/// Dependents: one owner per CURP across holders and households, at most six per account, and their appointments
/// under the same one-live-per-CURP rule — under real concurrency, on both engines.
@Suite("Households")
struct HouseholdTests {
    static func child(_ n: Int, kind: Dependent.Kind = .minor) -> NewDependent {
        let identity = TestData.child(n)
        return NewDependent(
            curp: TestData.curp(of: identity),
            identity: identity,
            kind: kind,
            guardianshipReason: "",
            secondParentName: "",
            secondParentCurp: "",
            documentNote: ""
        )
    }

    @Test("One child added by two accounts at once: one household gets them", arguments: TestDatabase.engines)
    func oneHouseholdPerCurp(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let store = DependentStore(database: database, clock: ManualClock(TestData.start))
            var accounts: [String] = []
            for n in 0..<8 { accounts.append(try await SeededAccounts.register(n, email: SeededAccounts.distinctEmail(n), database: database)) }
            let outcomes = await withTaskGroup(of: ErrorCode?.self) { group in
                for account in accounts { group.addTask { await Fixture.code { try await store.add(Self.child(1), to: account) } } }
                return await group.reduce(into: [ErrorCode?]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == nil }.count == 1)
            #expect(outcomes.filter { $0 == .curpRegistered }.count == 7)
            var households = 0
            for account in accounts { households += try await store.list(accountId: account).count }
            #expect(households == 1)
        }
    }

    @Test("Ten children added to one account at once: six are in", arguments: TestDatabase.engines)
    func atMostSix(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let store = DependentStore(database: database, clock: ManualClock(TestData.start))
            let account = try await SeededAccounts.register(0, email: "madre@example.com", database: database)
            let outcomes = await withTaskGroup(of: ErrorCode?.self) { group in
                for n in 0..<10 { group.addTask { await Fixture.code { try await store.add(Self.child(n), to: account) } } }
                return await group.reduce(into: [ErrorCode?]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == nil }.count == HouseholdRules.maximumDependents)
            #expect(outcomes.filter { $0 == .dependentsLimit }.count == 4)
            #expect(try await store.list(accountId: account).count == HouseholdRules.maximumDependents)
        }
    }

    @Test("A holder's CURP cannot be a dependent, nor a dependent's CURP register an account", arguments: TestDatabase.engines)
    func holderOrDependent(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let store = DependentStore(database: database, clock: ManualClock(TestData.start))
            let mother = try await SeededAccounts.register(0, email: "madre@example.com", database: database)
            _ = try await SeededAccounts.register(1, email: "otra@example.com", database: database)
            let adult = NewDependent(
                curp: TestData.curp(1),
                identity: TestData.identity(1),
                kind: .ward,
                guardianshipReason: "interdicción",
                secondParentName: "",
                secondParentCurp: "",
                documentNote: ""
            )
            #expect(await Fixture.code { try await store.add(adult, to: mother) } == .curpRegistered)
            let child = try await store.add(Self.child(3), to: mother)
            let registration = NewAccount(
                email: try EmailAddress(validating: "mateo@example.com"),
                relayEmail: false,
                curp: Curp(stored: child.curp),
                identity: child.identity,
                phone: nil,
                language: .es,
                passwordHash: "x"
            )
            let accounts = AccountStore(database: database, seal: TestData.seal)
            let mail = OutgoingMail(kind: "seed", recipient: "mateo@example.com", subject: "-", body: "-")
            #expect(
                await Fixture.code { try await accounts.register(registration, verification: .random(), expiresAt: 9, mail: mail, now: 0) }
                    == .curpRegistered
            )
            // Removed from the household, the CURP is free to register on its own.
            try await store.remove(id: child.id, from: mother)
            try await accounts.register(registration, verification: .random(), expiresAt: 9, mail: mail, now: 0)
            #expect(try await store.list(accountId: mother).isEmpty)
        }
    }

    @Test("A household books for its child: one live appointment per CURP still holds, the holder is mailed", arguments: TestDatabase.engines)
    func bookForChild(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database)
            let store = DependentStore(database: database, clock: fixture.clock)
            let mother = try await SeededAccounts.register(0, email: "madre@example.com", database: database)
            let stranger = try await SeededAccounts.register(1, email: "otra@example.com", database: database)
            let child = try await store.add(Self.child(2), to: mother)
            var request = fixture.request(Curp(stored: child.curp))
            request.household = stranger
            #expect(await Fixture.code { try await fixture.appointments.book(request) } == .dependentNotFound)
            request.household = mother
            let booked = try await fixture.appointments.book(request)
            #expect(booked.curp == child.curp)
            var again = fixture.request(Curp(stored: child.curp), time: "09:30")
            again.household = mother
            #expect(await Fixture.code { try await fixture.appointments.book(again) } == .curpHasLiveAppointment)
            let mail = try await database.read { sql in
                try await sql.raw("SELECT recipient FROM outbox WHERE folio = \(bind: booked.folio)").first()?.decode(
                    column: "recipient",
                    as: String.self
                )
            }
            #expect(mail == "madre@example.com")
            #expect(await Fixture.code { try await store.remove(id: child.id, from: mother) } == .dependentHasLiveAppointment)
            _ = try await fixture.appointments.cancel(folio: try Folio(validating: booked.folio), curp: Curp(stored: child.curp), actor: "test")
            try await store.remove(id: child.id, from: mother)
        }
    }

    @Test("The appointment keeps the OP-7 record it was booked under after the child leaves the household", arguments: TestDatabase.engines)
    func op7Recorded(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database)
            let store = DependentStore(database: database, clock: fixture.clock)
            let mother = try await SeededAccounts.register(0, email: "madre@example.com", database: database)
            var second = Self.child(2)
            second = NewDependent(
                curp: second.curp,
                identity: second.identity,
                kind: .minor,
                guardianshipReason: "",
                secondParentName: "Pedro López Ruiz",
                secondParentCurp: "",
                documentNote: ""
            )
            let child = try await store.add(second, to: mother)
            var request = fixture.request(Curp(stored: child.curp))
            request.household = mother
            let booked = try await fixture.appointments.book(request)
            let admin = StaffMember(id: "admin", email: "", name: "", role: .admin, offices: [])
            let agenda = AgendaStore(database: database, clock: fixture.clock)
            fixture.clock.set(ISO8601DateFormatter().date(from: "2026-12-02T14:50:00Z")!)
            try await agenda.checkIn(folio: booked.folio, document: "INE", staff: admin)
            try await agenda.attend(folio: booked.folio, staff: admin)
            // Attended: no longer live, so the mother may take the child out of her household.
            try await store.remove(id: child.id, from: mother)
            let row = try #require(try await agenda.search(booked.folio, staff: admin).first)
            #expect(row.household?.kind == .minor && row.household?.secondName == "Pedro López Ruiz")
            #expect(row.household?.holderCurp == TestData.curp(0).value && row.name.hasPrefix("Mateo"))
        }
    }

    @Test("Removing a member while booking for them: never a live appointment for a removed member", arguments: TestDatabase.engines)
    func removeRacesBooking(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database, counters: 20)
            let store = DependentStore(database: database, clock: fixture.clock)
            let mother = try await SeededAccounts.register(0, email: "madre@example.com", database: database)
            for n in 0..<12 {
                let child = try await store.add(Self.child(10 + n), to: mother)
                var request = fixture.request(Curp(stored: child.curp), day: 2 + n % 3)
                request.household = mother
                async let booking = Fixture.code { try await fixture.appointments.book(request) }
                async let removal = Fixture.code { try await store.remove(id: child.id, from: mother) }
                let (booked, removed) = await (booking, removal)
                let live = try await fixture.appointments.current(curp: Curp(stored: child.curp))
                let member = try await store.list(accountId: mother).contains { $0.id == child.id }
                #expect(!(live != nil && !member), "a removed member kept a live appointment")
                #expect((booked == nil) == (live != nil) && (removed == nil) == !member)
                if let live {
                    _ = try await fixture.appointments.cancel(folio: try Folio(validating: live.folio), curp: Curp(stored: child.curp), actor: "t")
                }
                if member { try await store.remove(id: child.id, from: mother) }
            }
        }
    }

    @Test("Claw-back takes the household's appointments too; a member removed after a booking is a risk signal", arguments: TestDatabase.engines)
    func clawBackAndSignals(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database)
            let store = DependentStore(database: database, clock: fixture.clock)
            let mother = try await SeededAccounts.register(0, email: "madre@example.com", database: database)
            let kept = try await store.add(Self.child(20), to: mother)
            let dropped = try await store.add(Self.child(21), to: mother)
            var booking = fixture.request(Curp(stored: dropped.curp), time: "09:30")
            booking.household = mother
            let first = try await fixture.appointments.book(booking)
            _ = try await fixture.appointments.cancel(folio: try Folio(validating: first.folio), curp: Curp(stored: dropped.curp), actor: "t")
            try await store.remove(id: dropped.id, from: mother)
            let risk = RiskStore(database: database, clock: fixture.clock)
            let signals = try await risk.assess(accountId: mother).signals
            #expect(signals.contains { $0.kind == .householdRemovals && $0.points == 2 })
            var request = fixture.request(Curp(stored: kept.curp))
            request.household = mother
            let booked = try await fixture.appointments.book(request)
            let outcome = try await ClawBack(database: database, clock: fixture.clock, policy: BookingPolicy()).suspend(
                accountId: mother,
                reason: "reventa",
                actor: "staff:1"
            )
            #expect(outcome.householdFolios == [booked.folio])
            #expect(try await fixture.appointments.current(curp: Curp(stored: kept.curp)) == nil)
        }
    }

    @Test("A waiting request for a member: only their household files it, the membership checked in its transaction", arguments: TestDatabase.engines)
    func standingRequestForMember(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database)
            let store = DependentStore(database: database, clock: fixture.clock)
            let mother = try await SeededAccounts.register(0, email: "madre@example.com", database: database)
            let stranger = try await SeededAccounts.register(1, email: "otra@example.com", database: database)
            let child = try await store.add(Self.child(30), to: mother)
            let preference = try SeatPreference(timeOfDay: .any, from: nil, through: nil)
            #expect(
                await Fixture.code {
                    try await fixture.requests.request(
                        curp: Curp(stored: child.curp),
                        office: fixture.office.code,
                        preference: preference,
                        origin: .account(stranger, channel: .web),
                        household: stranger
                    )
                } == .dependentNotFound
            )
            let filed = try await fixture.requests.request(
                curp: Curp(stored: child.curp),
                office: fixture.office.code,
                preference: preference,
                origin: .account(mother, channel: .web),
                household: mother
            )
            #expect(filed.status == .waiting && filed.officeCode == fixture.office.code)
        }
    }
}

/// Several members of one household booked in one step.
@Suite("Household bookings")
struct HouseholdBookingTests {
    static func household(_ n: Int, fixture: Fixture) async throws -> (holder: String, requests: [BookingRequest]) {
        let store = DependentStore(database: fixture.database, clock: fixture.clock)
        let holder = try await SeededAccounts.register(n, email: SeededAccounts.distinctEmail(n), database: fixture.database)
        var requests = [fixture.request(TestData.curp(n))]
        for child in 0..<2 {
            let member = try await store.add(HouseholdTests.child(100 * n + child), to: holder)
            var request = fixture.request(Curp(stored: member.curp))
            request.household = holder
            requests.append(request)
        }
        return (holder, requests)
    }

    @Test("Three people at a time with two seats: two then the next slot, consecutive", arguments: TestDatabase.engines)
    func consecutive(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database)
            let (_, requests) = try await Self.household(1, fixture: fixture)
            let booked = try await fixture.appointments.bookHousehold(requests)
            #expect(booked.map(\.time.description) == ["09:00", "09:00", "09:30"])
            #expect(Set(booked.map(\.curp)) == Set(requests.map(\.curp.value)))
            // The month's report counts the two children as minors' appointments, counted and summarized alike.
            let reports = ReportStore(database: database)
            let counted = try await reports.monthly("2026-12").first { $0.officeCode == fixture.office.code }
            #expect(counted?.booked == 3 && counted?.minorsBooked == 2 && counted?.minorsIssued == 0)
            _ = try await reports.summarize(through: LocalDate(year: 2026, month: 12, day: 14))
            #expect(try await reports.monthly("2026-12").first { $0.officeCode == fixture.office.code } == counted)
        }
    }

    @Test("All or none: one member who cannot book keeps everyone's seat free", arguments: TestDatabase.engines)
    func allOrNone(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database)
            let (_, requests) = try await Self.household(1, fixture: fixture)
            _ = try await fixture.appointments.book(fixture.request(TestData.curp(1), day: 3))
            // The holder last: both children's seats are claimed before the refusal, and given back with it.
            let ordered = Array(requests.dropFirst()) + [requests[0]]
            #expect(await Fixture.code { try await fixture.appointments.bookHousehold(ordered) } == .curpHasLiveAppointment)
            for request in requests.dropFirst() { #expect(try await fixture.appointments.current(curp: request.curp) == nil) }
            let free = try await fixture.slots.slots(office: fixture.office.code, on: LocalDate(year: 2026, month: 12, day: 2)).map(\.free)
            #expect(free.allSatisfy { $0 == 2 })
        }
    }

    @Test("Two households race for the day's last four seats: one gets its three, the other nothing", arguments: TestDatabase.engines)
    func race(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database)
            // Ten seats on 2 December (five slots of two); six go to other people first.
            for (n, time) in zip(20..<26, ["09:00", "09:00", "09:30", "09:30", "10:00", "10:00"]) {
                _ = try await SeededAccounts.register(n, email: SeededAccounts.distinctEmail(n), database: database)
                _ = try await fixture.appointments.book(fixture.request(TestData.curp(n), time: time))
            }
            let first = try await Self.household(1, fixture: fixture)
            let second = try await Self.household(2, fixture: fixture)
            let outcomes = await withTaskGroup(of: ErrorCode?.self) { group in
                for household in [first, second] {
                    group.addTask { await Fixture.code { try await fixture.appointments.bookHousehold(household.requests) } }
                }
                return await group.reduce(into: [ErrorCode?]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == nil }.count == 1)
            var counts: [Int] = []
            for household in [first, second] {
                var live = 0
                for request in household.requests where try await fixture.appointments.current(curp: request.curp) != nil { live += 1 }
                counts.append(live)
            }
            #expect(counts.sorted() == [0, 3])
        }
    }
}
