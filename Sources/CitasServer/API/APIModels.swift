import CitasDomain
import CitasPersistence
import Foundation

/// An office as the API shows it.
struct OfficeResource: Codable {
    let code: String
    let name: String
    let kind: String
    let country: String
    let stateCode: String
    let stateName: String
    let city: String
    let timeZone: String
    let address: String
    let services: [String]
    let hours: String
    let breaks: String
    let slotMinutes: Int
    let seatsPerSlot: Int

    init(_ office: Office) {
        code = office.code
        name = office.name
        kind = office.kind.rawValue
        country = office.country
        stateCode = office.stateCode
        stateName = office.stateName
        city = office.city
        timeZone = office.timeZone
        address = office.address
        services = office.services.map(\.rawValue)
        hours = office.plan.hoursText
        breaks = office.plan.breaksText
        slotMinutes = office.plan.slotMinutes
        seatsPerSlot = office.plan.counters
    }
}

/// Seats of one day.
struct DayResource: Codable {
    let date: LocalDate
    let capacity: Int
    let booked: Int
    let free: Int
    let drawn: Int

    init(_ day: DayAvailability) {
        date = day.date
        capacity = day.capacity
        booked = day.booked
        free = day.free
        drawn = day.drawn
    }
}

/// One slot of a day.
struct SlotResource: Codable {
    let time: LocalTime
    let startsAt: Date
    let capacity: Int
    let free: Int
    let drawn: Int

    init(_ slot: SlotInfo) {
        time = slot.time
        startsAt = slot.startsAt
        capacity = slot.capacity
        free = slot.free
        drawn = slot.drawn
    }
}

/// An appointment as its owner sees it.
struct AppointmentResource: Codable {
    let folio: String
    let curp: String
    let office: String
    let date: LocalDate
    let time: LocalTime
    let timeZone: String
    let startsAt: Date
    let status: String
    let reschedules: Int
    let createdAt: Date
    let updatedAt: Date

    init(_ appointment: Appointment, timeZone: String) {
        folio = appointment.folio
        curp = appointment.curp
        office = appointment.officeCode
        date = appointment.date
        time = appointment.time
        self.timeZone = timeZone
        startsAt = appointment.startsAt
        status = appointment.status.rawValue
        reschedules = appointment.reschedules
        createdAt = appointment.createdAt
        updatedAt = appointment.updatedAt
    }
}

/// `POST /api/v1/appointments`
struct BookingBody: Decodable {
    let office: String
    let date: String
    let time: String
    /// A member of the holder's household (`GET /api/v1/me/dependents`), when booking for them.
    let member: Int?
}
