import CitasDomain
import CitasPersistence
import Foundation
import HTTPTypes
import Hummingbird

/// Booking, reading and cancelling appointments of the signed-in account. The appointment's CURP is always the
/// account's, so an appointment cannot be booked for, or handed to, anyone else.
struct AppointmentsController {
    typealias Context = AppRequestContext
    let app: AppContext
    let pow: ProofOfWorkService
    let limiter: RateLimiter
    let limits: RateLimiter.Rules

    func register(on group: RouterGroup<Context>) {
        group.post("appointments", use: book)
        group.get("appointments/:folio", use: show)
        group.post("appointments/:folio/cancel", use: cancel)
        group.post("appointments/:folio/reschedule", use: reschedule)
    }

    @Sendable func book(_ request: Request, context: Context) async throws -> Response {
        let appointment = try await app.appointments.book(try await bookingRequest(request, context))
        return .json(try await resource(appointment), status: .created)
    }

    /// The slot a `BookingBody` names, for the signed-in verified account with a solved proof-of-work; refuses past
    /// dates and unknown offices.
    private func bookingRequest(_ request: Request, _ context: Context) async throws -> BookingRequest {
        try await limiter.check(limits.bookings, context)
        try await pow.check(request.headers[.citasProof], scope: "book", riskBits: try await risk(context))
        let body = try await JSONRequest.decode(BookingBody.self, from: request)
        try FieldLimits.check([("office", body.office, 64), ("date", body.date, 10), ("time", body.time, 5)])
        let curp = try await verifiedCurp(context)
        let office = try await app.offices.require(body.office)
        let date = try LocalDate(body.date)
        let time = try LocalTime(body.time)
        guard date >= LocalDate(app.clock.now(), in: office.zone) else { throw CitasError(.dateInPast) }
        return BookingRequest(curp: curp, officeCode: office.code, date: date, time: time, actor: "account:\(try context.requireAccount())")
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let folio = try Folio(validating: try context.parameters.require("folio"))
        let curp = try await verifiedCurp(context)
        guard let appointment = try await app.appointments.find(folio: folio, curp: curp) else {
            throw CitasError(.appointmentNotFound)
        }
        return .json(try await resource(appointment))
    }

    @Sendable func cancel(_ request: Request, context: Context) async throws -> Response {
        let folio = try Folio(validating: try context.parameters.require("folio"))
        let curp = try await verifiedCurp(context)
        let cancelled = try await app.appointments.cancel(folio: folio, curp: curp, actor: "account:\(try context.requireAccount())")
        return .json(try await resource(cancelled))
    }

    /// Moves the appointment to another slot (any office), within the reschedule cap and lead time.
    @Sendable func reschedule(_ request: Request, context: Context) async throws -> Response {
        let folio = try Folio(validating: try context.parameters.require("folio"))
        let target = try await bookingRequest(request, context)
        let moved = try await app.appointments.reschedule(folio: folio, to: target, actor: target.actor)
        return .json(try await resource(moved))
    }

    private func risk(_ context: Context) async throws -> Int {
        min(try await app.risk.score(accountId: try context.requireAccount()), 8)
    }

    /// The signed-in account's CURP; only verified accounts may hold appointments.
    private func verifiedCurp(_ context: Context) async throws -> Curp {
        Curp(stored: try await app.verifiedAccount(try context.requireAccount()).curp)
    }

    private func resource(_ appointment: Appointment) async throws -> AppointmentResource {
        let zone = try await app.offices.find(appointment.officeCode)?.timeZone ?? "UTC"
        return AppointmentResource(appointment, timeZone: zone)
    }
}
