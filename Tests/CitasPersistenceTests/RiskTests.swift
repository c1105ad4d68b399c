import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import SQLKit
import Testing

@Suite("Farm signals and claw-back")
struct RiskTests {
    static func points(_ kind: RiskSignal.Kind, _ assessment: RiskAssessment) -> Int {
        assessment.signals.filter { $0.kind == kind }.reduce(0) { $0 + $1.points }
    }

    @Test("Accounts crowded on one address or one e-mail family, and CURP mismatches from it, add points", arguments: TestDatabase.engines)
    func registrationSignals(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let risk = RiskStore(database: database, clock: ManualClock(TestData.start))
            var farm: [String] = []
            for n in 1...5 { farm.append(try await SeededAccounts.register(n, email: "ana.\(n)@example.mx", from: "10.0.0.7", database: database)) }
            let loner = try await SeededAccounts.register(9, email: "luis@example.mx", from: "10.0.0.9", database: database)
            for _ in 0..<4 { try await risk.recordIdentityRefusal(address: "10.0.0.7", code: .curpMismatchNames) }
            let assessment = try await risk.assess(accountId: farm[0])
            #expect(Self.points(.sharedAddress, assessment) == 5 - RiskStore.accountsPerAddressAllowed)
            #expect(Self.points(.emailFamily, assessment) == 5 - RiskStore.accountsPerFamilyAllowed)
            #expect(Self.points(.identityRefusals, assessment) == 4 - RiskStore.refusalsAllowed)
            #expect(assessment.score == 7)
            #expect(try await risk.score(accountId: loner) == 0)
            #expect(try await risk.score(accountId: "nobody") == 0)
        }
    }

    @Test("Bookings at release instants and cancel-then-book pairs are flagged on both sides", arguments: TestDatabase.engines)
    func bookingSignals(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database, counters: 1)
            var ids: [Int: String] = [:]
            for (n, name) in zip(1...4, ["ana", "luis", "rosa", "juan"]) {
                ids[n] = try await SeededAccounts.register(n, email: "\(name)@example.mx", from: "10.1.0.\(n)", database: database)
            }
            let s1 = try await fixture.appointments.book(fixture.request(TestData.curp(1), day: 10))
            let s2 = try await fixture.appointments.book(fixture.request(TestData.curp(4), day: 11))
            _ = try await fixture.appointments.cancel(folio: try Folio(validating: s1.folio), curp: TestData.curp(1), actor: "test")
            _ = try await fixture.appointments.cancel(folio: try Folio(validating: s2.folio), curp: TestData.curp(4), actor: "test")
            fixture.clock.advance(by: 21 * 60)
            #expect(try await fixture.allocations.runDue() == 1)
            fixture.clock.advance(by: 3)
            let taken = try await fixture.appointments.book(fixture.request(TestData.curp(2), day: 10))
            _ = try await fixture.appointments.cancel(folio: try Folio(validating: taken.folio), curp: TestData.curp(2), actor: "test")
            _ = try await fixture.appointments.book(fixture.request(TestData.curp(2), day: 11))
            let risk = RiskStore(database: database, clock: fixture.clock)
            let taker = try await risk.assess(accountId: ids[2]!)
            #expect(Self.points(.releaseBurst, taker) == 1)
            #expect(Self.points(.handoff, taker) == 4)
            #expect(Self.points(.handoff, try await risk.assess(accountId: ids[1]!)) == 2)
            #expect(Self.points(.handoff, try await risk.assess(accountId: ids[4]!)) == 2)
            #expect(try await risk.score(accountId: ids[3]!) == 0)
        }
    }

    @Test(
        "Suspension claws back the appointment (even inside 24 h), waiting requests and sessions, audited once each",
        arguments: TestDatabase.engines
    )
    func clawBack(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try await Fixture.make(database, counters: 1)
            let holder = try await SeededAccounts.register(1, email: "holder@example.mx", from: "10.2.0.1", database: database)
            let waiter = try await SeededAccounts.register(2, email: "waiter@example.mx", from: "10.2.0.2", database: database)
            let held = try await fixture.appointments.book(fixture.request(TestData.curp(1), day: 2))
            let later = try SeatPreference(from: LocalDate(year: 2026, month: 12, day: 12))
            _ = try await fixture.requests.request(
                curp: TestData.curp(2),
                office: "TEST-OFFICE",
                preference: later,
                origin: .account(waiter, channel: .web)
            )
            let sessions = SessionStore(database: database)
            let token = try await sessions.start(accountId: holder, kind: .bearer, now: fixture.clock.now().epoch)
            fixture.clock.set(ISO8601DateFormatter().date(from: "2026-12-02T01:00:00Z")!)
            let clawBack = ClawBack(database: database, clock: fixture.clock, policy: BookingPolicy())
            let outcome = try await clawBack.suspend(accountId: holder, reason: "reseller", actor: "staff:1")
            #expect(outcome.cancelledFolio == held.folio && outcome.withdrawnRequests == 0)
            #expect(try await clawBack.suspend(accountId: waiter, reason: "farm", actor: "staff:1").withdrawnRequests == 1)
            let again = await Fixture.code { try await clawBack.suspend(accountId: holder, reason: "again", actor: "staff:1") }
            #expect(again == .notFound)
            #expect(try await sessions.account(for: token, kind: .bearer, now: fixture.clock.now().epoch) == nil)
            #expect(try await FairnessRulesTests.capacityHolds(database))
            let actions = try await AuditLog.entries(about: "appointment:\(held.folio)", in: database).map(\.action)
            #expect(actions == ["appointment.book", "appointment.claw_back"])
            let accountActions = try await AuditLog.entries(about: "account:\(holder)", in: database).map(\.action)
            #expect(accountActions.filter { $0 == "account.suspend" }.count == 1)
            #expect(try await AccountStore(database: database, seal: TestData.seal).credentials(emailKey: "holder@example.mx")?.suspended == true)
            try await clawBack.reinstate(accountId: holder, reason: "cleared", actor: "staff:1")
            #expect(try await AccountStore(database: database, seal: TestData.seal).credentials(emailKey: "holder@example.mx")?.suspended == false)
            #expect(try await fixture.appointments.find(folio: try Folio(validating: held.folio), curp: TestData.curp(1))?.status == .cancelled)
        }
    }
}
