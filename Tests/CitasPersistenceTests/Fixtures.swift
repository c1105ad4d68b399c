import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation

/// A database with one test office and its December 2026 slots, and stores at a fixed instant.
struct Fixture {
    let database: any AppDatabase
    let clock: ManualClock
    let office: Office

    var appointments: AppointmentStore { AppointmentStore(database: database, clock: clock) }
    var slots: SlotStore { SlotStore(database: database, clock: clock) }
    var allocations: AllocationStore { AllocationStore(database: database, clock: clock) }
    var requests: StandingRequestStore { StandingRequestStore(database: database, clock: clock) }

    static func make(_ database: any AppDatabase, counters: Int = 2, at now: Date = TestData.start) async throws -> Fixture {
        let office = TestData.office(counters: counters)
        try await OfficeStore(database: database).seed([office])
        let fixture = Fixture(database: database, clock: ManualClock(now), office: office)
        try await fixture.slots.generate(for: office, from: LocalDate(year: 2026, month: 12, day: 1), days: 14)
        // Every day's release instant has passed, so each waits for a launch draw; nobody waits, so running them now
        // opens every seat for direct booking (what most booking tests start from).
        try await Releases.bringForward(office: office.code, now: now.epoch, in: database)
        try await fixture.allocations.runDue()
        return fixture
    }

    /// A booking of `curp` at 2026-12-02 (`time`).
    func request(_ curp: Curp, day: Int = 2, time: String = "09:00") -> BookingRequest {
        BookingRequest(
            curp: curp,
            officeCode: office.code,
            date: LocalDate(year: 2026, month: 12, day: day),
            time: try! LocalTime(time),
            actor: "test"
        )
    }

    /// Runs `body`, expecting a `CitasError`, and returns its code.
    static func code(of body: () async throws -> some Any) async -> ErrorCode? {
        do {
            _ = try await body()
            return nil
        } catch let error as CitasError {
            return error.code
        } catch {
            return .internalError
        }
    }
}
