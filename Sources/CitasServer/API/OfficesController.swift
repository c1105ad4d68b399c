import CitasDomain
import CitasPersistence
import Foundation
import Hummingbird
import NIOCore

/// `GET /api/v1/offices…`: the catalogue and its availability.
struct OfficesController<Context: RequestContext> {
    /// The longest range one availability request may span.
    static var maximumRangeDays: Int { 92 }

    let app: AppContext
    /// Availability answers as sent, for as long as the data behind them may be kept: a polling crowd costs neither
    /// a query nor an encoding.
    let bodies: ReadCache<String, ByteBuffer>

    init(app: AppContext) {
        self.app = app
        bodies = ReadCache(lifetime: app.readCache)
    }

    func register(on group: RouterGroup<Context>) {
        group.get("offices", use: list)
        group.get("offices/:code", use: show)
        group.get("offices/:code/availability", use: availability)
        group.get("offices/:code/slots", use: slots)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        .json(["offices": try await app.offices.all().map(OfficeResource.init)])
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        .json(OfficeResource(try await office(context)))
    }

    /// Free seats per day; `from` defaults to the office's today, `to` to 30 days later.
    @Sendable func availability(_ request: Request, context: Context) async throws -> Response {
        let office = try await office(context)
        let today = LocalDate(app.clock.now(), in: office.zone)
        let from = try request.uri.queryParameters.get("from").map { try LocalDate(String($0)) } ?? today
        let to = try request.uri.queryParameters.get("to").map { try LocalDate(String($0)) } ?? from.adding(days: 30)
        guard from <= to, to.dayNumber - from.dayNumber < Self.maximumRangeDays else {
            throw CitasError(.invalidDateRange, detail: "max \(Self.maximumRangeDays) days")
        }
        let first = max(from, today)
        let body = try await bodies.value("\(office.code) \(first) \(to)") {
            let days = try await app.slots.availability(office: office.code, from: first, through: to)
            return Response.jsonBody(AvailabilityBody(office: office.code, timeZone: office.timeZone, days: days.map(DayResource.init)))
        }
        return .json(encoded: body)
    }

    /// The slots of one day with their free seats.
    @Sendable func slots(_ request: Request, context: Context) async throws -> Response {
        let office = try await office(context)
        guard let text = request.uri.queryParameters.get("date") else { throw CitasError(.fieldMissing, detail: "date") }
        let date = try LocalDate(String(text))
        guard date >= LocalDate(app.clock.now(), in: office.zone) else { throw CitasError(.dateInPast) }
        let slots = try await app.slots.slots(office: office.code, on: date)
        return .json(SlotsBody(office: office.code, timeZone: office.timeZone, date: date, slots: slots.map(SlotResource.init)))
    }

    private func office(_ context: Context) async throws -> Office {
        let code = try context.parameters.require("code")
        try FieldLimits.check([("code", code, 64)])
        return try await app.offices.require(code)
    }
}

/// Availability answer: office, zone and days.
struct AvailabilityBody: Encodable {
    let office: String
    let timeZone: String
    let days: [DayResource]
}

/// Slots of a day.
struct SlotsBody: Encodable {
    let office: String
    let timeZone: String
    let date: LocalDate
    let slots: [SlotResource]
}
