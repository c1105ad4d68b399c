import CitasDomain
import CitasPersistence

/// The citizen's guarded actions, shared by the JSON API and the pages: each checks the rate limits, the
/// proof-of-work and the verified account before the stores apply the booking rules in the database.
struct CitizenActions: Sendable {
    let app: AppContext
    let pow: ProofOfWorkService
    let limiter: RateLimiter
    let limits: RateLimiter.Rules

    /// A slot as typed: office code, `YYYY-MM-DD`, `HH:MM`.
    struct SlotChoice: Sendable {
        let office: String
        let date: String
        let time: String
    }

    func book(_ slot: SlotChoice, proof: String?, channel: BookingRequest.Channel, context: AppRequestContext) async throws -> Appointment {
        try await app.appointments.book(try await bookingRequest(slot, proof: proof, channel: channel, context: context))
    }

    /// Moves the appointment to another slot (any office), within the reschedule cap and lead time.
    func reschedule(_ folio: Folio, to slot: SlotChoice, proof: String?, context: AppRequestContext) async throws -> Appointment {
        let target = try await bookingRequest(slot, proof: proof, channel: .web, context: context)
        return try await app.appointments.reschedule(folio: folio, to: target, actor: target.actor)
    }

    func cancel(_ folio: Folio, context: AppRequestContext) async throws -> Appointment {
        try await app.appointments.cancel(folio: folio, curp: try await verifiedCurp(context), actor: "account:\(try context.requireAccount())")
    }

    /// Enters the account in the office's next draw.
    func requestDraw(
        office code: String,
        timeOfDay: String?,
        rollOver: Bool,
        proof: String?,
        context: AppRequestContext
    ) async throws
        -> DrawRequest
    {
        try await limiter.check(limits.drawRequests, context)
        try await pow.check(proof, scope: "draw", riskBits: try await risk(context))
        try FieldLimits.check([("office", code, 64), ("timeOfDay", timeOfDay ?? "", 10)])
        guard let time = DrawRequest.TimeOfDay(rawValue: timeOfDay ?? "any") else { throw CitasError(.timeOfDayInvalid) }
        let office = try await app.offices.require(code)
        let account = try await app.verifiedAccount(try context.requireAccount())
        return try await app.draws.request(
            accountId: account.id,
            curp: Curp(stored: account.curp),
            office: office.code,
            timeOfDay: time,
            rollOver: rollOver
        )
    }

    /// The extra proof-of-work bits the account's risk score asks for (capped so nobody is locked out).
    func risk(_ context: AppRequestContext) async throws -> Int {
        min(try await app.risk.score(accountId: try context.requireAccount()), 8)
    }

    /// The signed-in account's CURP; only verified accounts may hold appointments.
    func verifiedCurp(_ context: AppRequestContext) async throws -> Curp {
        Curp(stored: try await app.verifiedAccount(try context.requireAccount()).curp)
    }

    /// The slot for the signed-in verified account with a solved proof-of-work; refuses past dates and unknown offices.
    private func bookingRequest(
        _ slot: SlotChoice,
        proof: String?,
        channel: BookingRequest.Channel,
        context: AppRequestContext
    ) async throws
        -> BookingRequest
    {
        try await limiter.check(limits.bookings, context)
        try await pow.check(proof, scope: "book", riskBits: try await risk(context))
        try FieldLimits.check([("office", slot.office, 64), ("date", slot.date, 10), ("time", slot.time, 5)])
        let curp = try await verifiedCurp(context)
        let office = try await app.offices.require(slot.office)
        let date = try LocalDate(slot.date)
        let time = try LocalTime(slot.time)
        guard date >= LocalDate(app.clock.now(), in: office.zone) else { throw CitasError(.dateInPast) }
        return BookingRequest(
            curp: curp,
            officeCode: office.code,
            date: date,
            time: time,
            actor: "account:\(try context.requireAccount())",
            channel: channel
        )
    }
}
