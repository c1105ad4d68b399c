/// A national holiday: offices in that country are closed.
public struct Holiday: Sendable, Hashable, Codable {
    public let date: LocalDate
    public let country: String
    public let name: String

    public init(date: LocalDate, country: String, name: String) {
        self.date = date
        self.country = country
        self.name = name
    }
}

/// A one-day change to an office's plan: closed (`hours == nil`) or different hours.
public struct DayException: Sendable, Hashable, Codable {
    public let officeCode: String
    public let date: LocalDate
    public let hours: TimeSpan?
    public let reason: String

    public init(officeCode: String, date: LocalDate, hours: TimeSpan?, reason: String) {
        self.officeCode = officeCode
        self.date = date
        self.hours = hours
        self.reason = reason
    }
}
