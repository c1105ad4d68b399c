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
    let actions: CitizenActions

    func register(on group: RouterGroup<Context>) {
        group.post("appointments", use: book)
        group.get("appointments/:folio", use: show)
        group.post("appointments/:folio/cancel", use: cancel)
        group.post("appointments/:folio/reschedule", use: reschedule)
    }

    @Sendable func book(_ request: Request, context: Context) async throws -> Response {
        let appointment = try await actions.book(try await slot(request), proof: request.headers[.citasProof], channel: .api, context: context)
        return .json(try await resource(appointment), status: .created)
    }

    private func slot(_ request: Request) async throws -> CitizenActions.SlotChoice {
        let body = try await JSONRequest.decode(BookingBody.self, from: request)
        return CitizenActions.SlotChoice(office: body.office, date: body.date, time: body.time)
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let folio = try Folio(validating: try context.parameters.require("folio"))
        guard let appointment = try await app.appointments.find(folio: folio, curp: try await actions.verifiedCurp(context)) else {
            throw CitasError(.appointmentNotFound)
        }
        return .json(try await resource(appointment))
    }

    @Sendable func cancel(_ request: Request, context: Context) async throws -> Response {
        let folio = try Folio(validating: try context.parameters.require("folio"))
        return .json(try await resource(try await actions.cancel(folio, context: context)))
    }

    /// Moves the appointment to another slot (any office), within the reschedule cap and lead time.
    @Sendable func reschedule(_ request: Request, context: Context) async throws -> Response {
        let folio = try Folio(validating: try context.parameters.require("folio"))
        let moved = try await actions.reschedule(folio, to: try await slot(request), proof: request.headers[.citasProof], context: context)
        return .json(try await resource(moved))
    }

    private func resource(_ appointment: Appointment) async throws -> AppointmentResource {
        let zone = try await app.offices.find(appointment.officeCode)?.timeZone ?? "UTC"
        return AppointmentResource(appointment, timeZone: zone)
    }
}
