import CitasDomain
import CitasPersistence
import Foundation
import HTTPTypes
import Hummingbird

/// Booking, reading and cancelling appointments. Until accounts exist the CURP travels in the request;
/// reads take it in the `X-Citas-CURP` header so it stays out of URLs and access logs.
struct AppointmentsController<Context: RequestContext> {
    let app: AppContext

    func register(on group: RouterGroup<Context>) {
        group.post("appointments", use: book)
        group.get("appointments/:folio", use: show)
        group.post("appointments/:folio/cancel", use: cancel)
    }

    @Sendable func book(_ request: Request, context: Context) async throws -> Response {
        let body = try await JSONRequest.decode(BookingBody.self, from: request)
        try FieldLimits.check([("curp", body.curp, 32), ("office", body.office, 64), ("date", body.date, 10), ("time", body.time, 5)])
        let curp = try Curp(validating: body.curp, today: app.today)
        let office = try await app.offices.require(body.office)
        let date = try LocalDate(body.date)
        let time = try LocalTime(body.time)
        guard date >= LocalDate(app.clock.now(), in: office.zone) else { throw CitasError(.dateInPast) }
        let appointment = try await app.appointments.book(
            BookingRequest(curp: curp, officeCode: office.code, date: date, time: time, actor: "api:\(curp)")
        )
        return .json(AppointmentResource(appointment, timeZone: office.timeZone), status: .created)
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let folio = try Folio(validating: try context.parameters.require("folio"))
        guard let header = request.headers[.citasCurp] else { throw CitasError(.fieldMissing, detail: "X-Citas-CURP") }
        let curp = try Curp(validating: header, today: app.today)
        guard let appointment = try await app.appointments.find(folio: folio, curp: curp) else {
            throw CitasError(.appointmentNotFound)
        }
        return .json(try await resource(appointment))
    }

    @Sendable func cancel(_ request: Request, context: Context) async throws -> Response {
        let folio = try Folio(validating: try context.parameters.require("folio"))
        let body = try await JSONRequest.decode(CancelBody.self, from: request)
        try FieldLimits.check([("curp", body.curp, 32)])
        let curp = try Curp(validating: body.curp, today: app.today)
        let cancelled = try await app.appointments.cancel(folio: folio, curp: curp, actor: "api:\(curp)")
        return .json(try await resource(cancelled))
    }

    private func resource(_ appointment: Appointment) async throws -> AppointmentResource {
        let zone = try await app.offices.find(appointment.officeCode)?.timeZone ?? "UTC"
        return AppointmentResource(appointment, timeZone: zone)
    }
}

extension HTTPField.Name {
    /// Carries the CURP on reads so it never appears in a URL.
    static let citasCurp = Self("X-Citas-CURP")!
}
