import Foundation

/// A passport office: a domestic delegación, the airport office, a liaison office or a consulate abroad.
public struct Office: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case delegacion, aeropuerto
        case oficinaEnlace = "oficina_enlace"
        case consulado
    }

    /// The procedures an office can attend.
    public enum Service: String, Sendable, Codable, CaseIterable {
        case first, renewal, minor, lost
    }

    public var code: String
    public var name: String
    public var kind: Kind
    /// ISO 3166-1 alpha-2 country of the office.
    public var country: String
    /// The two-letter CURP state code; `NE` abroad.
    public var stateCode: String
    public var stateName: String
    public var city: String
    /// IANA zone name; all slot times are wall-clock times in this zone.
    public var timeZone: String
    public var address: String
    public var services: [Service]
    public var plan: OpeningPlan
    /// When this office's days are released to their draws.
    public var release: ReleaseSchedule

    public init(
        code: String,
        name: String,
        kind: Kind,
        country: String,
        stateCode: String,
        stateName: String,
        city: String,
        timeZone: String,
        address: String,
        services: [Service],
        plan: OpeningPlan,
        release: ReleaseSchedule = ReleaseSchedule()
    ) {
        self.code = code
        self.name = name
        self.kind = kind
        self.country = country
        self.stateCode = stateCode
        self.stateName = stateName
        self.city = city
        self.timeZone = timeZone
        self.address = address
        self.services = services
        self.plan = plan
        self.release = release
    }

    /// The office's zone; the catalogue and the database only hold names `TimeZone` knows.
    public var zone: TimeZone { TimeZone(identifier: timeZone) ?? TimeZone(identifier: "America/Mexico_City")! }

    /// Mexico's national holidays close the offices in Mexico; consulates follow their own calendar (exceptions).
    public var observesMexicanHolidays: Bool { country == "MX" }
}
