import CitasDomain
import Foundation
import SQLKit

extension AppointmentStore {
    /// Books several people of one household at once, all of them or none: each at the requested time or, when that
    /// slot has no seat left, the next slots of the same day in order, so the family's seats are consecutive. One
    /// transaction: every seat is claimed by the same conditional UPDATE as a single booking, every rule applies to
    /// each person's CURP, and the first refusal rolls everything back. `requests` share office, date and time; each
    /// names the acting account in `household` (a member) or is the holder's own.
    public func bookHousehold(_ requests: [BookingRequest]) async throws -> [Appointment] {
        guard let first = requests.first else { return [] }
        let now = clock.now()
        let policy = policy
        let engine = database.engine
        do {
            let booked = try await write(requests, first: first, now: now, policy: policy, engine: engine)
            metrics.booked(channel: first.channel.rawValue, count: booked.count)
            return booked
        } catch {
            if UniqueKey.violated(by: error) == .liveAppointmentPerCurp { throw CitasError(.curpHasLiveAppointment) }
            throw error
        }
    }

    private func write(
        _ requests: [BookingRequest],
        first: BookingRequest,
        now: Date,
        policy: BookingPolicy,
        engine: DatabaseEngine
    ) async throws
        -> [Appointment]
    {
        try await database.write { sql in
            let times = try await sql.raw(
                """
                SELECT local_time FROM slots WHERE office_code = \(bind: first.officeCode) AND local_date = \(bind: first.date.description)
                    AND local_time >= \(bind: first.time.description) ORDER BY local_time
                """
            ).all().map { try LocalTime(try $0.decode(column: "local_time", as: String.self)) }
            var next = 0
            var booked: [Appointment] = []
            for original in requests {
                if let household = original.household {
                    try await DependentStore.confirmActsFor(curp: original.curp.value, accountId: household, engine: engine, in: sql)
                }
                // The first slot from the family's current one that still has a seat: later members never go earlier.
                while true {
                    let request = original.at(next < times.count ? times[next] : original.time)
                    do {
                        let startsAt = try await SeatClaims.claim(request, now: now, in: sql)
                        booked.append(
                            try await Self.record(Folio.random(), request, startsAt: startsAt, now: now, policy: policy, note: "household", in: sql)
                        )
                        break
                    } catch let error as CitasError where [.slotFull, .seatHeldForLottery].contains(error.code) && next + 1 < times.count {
                        next += 1
                    }
                }
            }
            return booked
        }
    }
}

extension BookingRequest {
    /// The same request at another time of its day.
    func at(_ time: LocalTime) -> BookingRequest {
        var moved = BookingRequest(curp: curp, officeCode: officeCode, date: date, time: time, actor: actor, channel: channel)
        moved.recipient = recipient
        moved.household = household
        return moved
    }
}
