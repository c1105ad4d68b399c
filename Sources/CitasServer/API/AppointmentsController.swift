import CitasDomain
import CitasPersistence
import Foundation
import HTTPTypes
import Hummingbird

/// Booking, reading and cancelling appointments of the signed-in account and its household. The appointment's CURP
/// is always the account's or a member's, so an appointment cannot be booked for, or handed to, anyone else.
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
        let body = try await JSONRequest.decode(BookingBody.self, from: request)
        let slot = CitizenActions.SlotChoice(office: body.office, date: body.date, time: body.time)
        let proof = request.headers[.citasProof]
        let appointment: Appointment
        if let member = body.member {
            let holder = try await actions.verifiedAccount(context)
            guard let dependent = try await app.dependents.list(accountId: holder.id).first(where: { $0.id == member }) else {
                throw CitasError(.dependentNotFound)
            }
            appointment = try await actions.book(slot, for: Curp(stored: dependent.curp), proof: proof, channel: .api, context: context)
        } else {
            appointment = try await actions.book(slot, proof: proof, channel: .api, context: context)
        }
        return .json(try await resource(appointment), status: .created)
    }

    private func slot(_ request: Request) async throws -> CitizenActions.SlotChoice {
        let body = try await JSONRequest.decode(BookingBody.self, from: request)
        return CitizenActions.SlotChoice(office: body.office, date: body.date, time: body.time)
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let folio = try Folio(validating: try context.parameters.require("folio"))
        return .json(try await resource(try await householdAppointment(folio, context)))
    }

    @Sendable func cancel(_ request: Request, context: Context) async throws -> Response {
        let folio = try Folio(validating: try context.parameters.require("folio"))
        let appointment = try await householdAppointment(folio, context)
        let cancelled = try await app.appointments.cancel(
            folio: folio,
            curp: Curp(stored: appointment.curp),
            actor: "account:\(try context.requireAccount())"
        )
        return .json(try await resource(cancelled))
    }

    /// The appointment with `folio` of the holder or of a member of their household; `appointment_not_found` for
    /// anyone else's (a folio alone reveals nothing).
    private func householdAppointment(_ folio: Folio, _ context: Context) async throws -> Appointment {
        let holder = try await actions.verifiedAccount(context)
        let curps = [holder.curp] + (try await app.dependents.list(accountId: holder.id).map(\.curp))
        for curp in curps {
            if let appointment = try await app.appointments.find(folio: folio, curp: Curp(stored: curp)) { return appointment }
        }
        throw CitasError(.appointmentNotFound)
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
