import Foundation

/// Where an appointment is in its life. Live statuses hold a seat and count for "one live appointment per CURP".
public enum AppointmentStatus: String, Sendable, Codable, CaseIterable {
    case booked
    case checkedIn = "checked_in"
    case attended
    case noShow = "no_show"
    case cancelled

    /// Statuses that hold a seat; the database's partial unique index lists exactly these.
    public static let live: [AppointmentStatus] = [.booked, .checkedIn]

    public var isLive: Bool { Self.live.contains(self) }
}

/// An appointment as the citizen and the office see it.
public struct Appointment: Sendable, Hashable, Codable {
    public let folio: String
    public let curp: String
    public let officeCode: String
    public let date: LocalDate
    public let time: LocalTime
    public let status: AppointmentStatus
    /// How many times it has been moved to another slot.
    public let reschedules: Int
    public let startsAt: Date
    public let createdAt: Date
    public let updatedAt: Date

    public init(
        folio: String,
        curp: String,
        officeCode: String,
        date: LocalDate,
        time: LocalTime,
        status: AppointmentStatus,
        reschedules: Int = 0,
        startsAt: Date,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.folio = folio
        self.curp = curp
        self.officeCode = officeCode
        self.date = date
        self.time = time
        self.status = status
        self.reschedules = reschedules
        self.startsAt = startsAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
