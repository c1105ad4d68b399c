import CitasDomain
import CitasPersistence

/// The citizen's guarded actions, shared by the JSON API and the pages: each checks its input, the proof-of-work and
/// the verified account, then makes one write transaction that pays the attempt (rate-limit hits, the proof spent)
/// and applies the booking rules; a refused attempt keeps what it paid.
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
        let (request, charges) = try await bookingRequest(slot, proof: proof, channel: channel, context: context)
        return try await limiter.counting { try await app.appointments(paying: charges).book(request) }
    }

    /// Books for `member`, a member of the signed-in holder's household (confirmed in the booking's transaction), under
    /// the same proof, limits and rules; the confirmation goes to the holder.
    func book(
        _ slot: SlotChoice,
        for member: Curp,
        proof: String?,
        channel: BookingRequest.Channel,
        context: AppRequestContext
    ) async throws
        -> Appointment
    {
        let (holder, charges) = try await bookingRequest(slot, proof: proof, channel: channel, context: context)
        var request = BookingRequest(
            curp: member,
            officeCode: holder.officeCode,
            date: holder.date,
            time: holder.time,
            actor: holder.actor,
            channel: channel
        )
        request.recipient = holder.recipient
        request.household = try context.requireAccount()
        return try await limiter.counting { try await app.appointments(paying: charges).book(request) }
    }

    /// Books the holder (when `holder`) and `members` of their household at once, all or none, in consecutive seats
    /// from the chosen time; one proof and one attempt for the whole family.
    func bookHousehold(
        _ slot: SlotChoice,
        holder: Bool,
        members: [Curp],
        proof: String?,
        context: AppRequestContext
    ) async throws
        -> [Appointment]
    {
        let (own, charges) = try await bookingRequest(slot, proof: proof, channel: .web, context: context)
        let account = try context.requireAccount()
        let requests =
            (holder ? [own] : [])
            + members.map { member in
                var request = BookingRequest(
                    curp: member,
                    officeCode: own.officeCode,
                    date: own.date,
                    time: own.time,
                    actor: own.actor,
                    channel: .web
                )
                request.recipient = own.recipient
                request.household = account
                return request
            }
        return try await limiter.counting { try await app.appointments(paying: charges).bookHousehold(requests) }
    }

    /// Moves the appointment to another slot (any office), within the reschedule cap and lead time.
    func reschedule(_ folio: Folio, to slot: SlotChoice, proof: String?, context: AppRequestContext) async throws -> Appointment {
        let (target, charges) = try await bookingRequest(slot, proof: proof, channel: .web, context: context)
        return try await limiter.counting { try await app.appointments(paying: charges).reschedule(folio: folio, to: target, actor: target.actor) }
    }

    func cancel(_ folio: Folio, context: AppRequestContext) async throws -> Appointment {
        try await app.appointments.cancel(folio: folio, curp: try await verifiedCurp(context), actor: "account:\(try context.requireAccount())")
    }

    /// What a person asks for when they wait: an office, a part of the day and optionally a range of days, as typed.
    struct Wish: Sendable {
        let office: String
        let timeOfDay: String?
        let from: String?
        let through: String?
    }

    /// Files the account's standing request at an office; with a live appointment, a request to move it there. With
    /// `members` (ids of the household's members), it files for them — and for the holder too when `holder` — and two
    /// people or more wait together: consecutive seats of one day at one lottery turn, or none.
    func requestSeat(
        _ wish: Wish,
        proof: String?,
        channel: Requester.Channel,
        context: AppRequestContext,
        members: [Int] = [],
        holder: Bool = true
    ) async throws
        -> [StandingRequest]
    {
        try FieldLimits.check([
            ("office", wish.office, 64), ("timeOfDay", wish.timeOfDay ?? "", 10), ("from", wish.from ?? "", 10), ("through", wish.through ?? "", 10),
        ])
        guard let time = SeatPreference.TimeOfDay(rawValue: wish.timeOfDay.flatMap { $0.isEmpty ? nil : $0 } ?? "any") else {
            throw CitasError(.timeOfDayInvalid)
        }
        guard holder || !members.isEmpty else { throw CitasError(.nobodyChosen) }
        let office = try await app.offices.require(wish.office)
        let preference = try SeatPreference(timeOfDay: time, from: try Self.day(wish.from), through: try Self.day(wish.through))
        if let through = preference.through, through < LocalDate(app.clock.now(), in: office.zone) { throw CitasError(.dateInPast) }
        let accountId = try context.requireAccount()
        let charges = try await charges(
            limits.drawRequests,
            proof: proof,
            ProofOfWorkBinding(scope: "draw", office: office.code, account: accountId),
            context: context
        )
        let account = try await verifiedAccount(context)
        let origin = Requester.account(account.id, channel: channel)
        let household = members.isEmpty ? [] : try await app.dependents.list(accountId: account.id)
        let people =
            try (holder ? [StandingRequestStore.Waiter(curp: Curp(stored: account.curp), household: nil)] : [])
            + Set(members).sorted().map { id in
                guard let dependent = household.first(where: { $0.id == id }) else { throw CitasError(.dependentNotFound) }
                return StandingRequestStore.Waiter(curp: Curp(stored: dependent.curp), household: account.id)
            }
        guard people.count == 1, let person = people.first else {
            return try await limiter.counting {
                try await app.requests(paying: charges).requestTogether(people, office: office.code, preference: preference, origin: origin)
            }
        }
        // One person alone: with a live appointment, the request is to move it.
        let current = try await app.appointments.current(curp: person.curp)
        let filed = try await limiter.counting {
            try await app.requests(paying: charges).request(
                curp: person.curp,
                office: office.code,
                preference: preference,
                moveFolio: try current.map { try Folio(validating: $0.folio) },
                origin: origin,
                household: person.household
            )
        }
        return [filed]
    }

    /// What an attempt pays: a hit on each rate rule and the proof, checked here but for replay. A proof refused here
    /// still costs its hits (paid at once): every attempt counts.
    private func charges(
        _ rules: [RateRule],
        proof: String?,
        _ binding: ProofOfWorkBinding,
        context: AppRequestContext
    ) async throws -> AttemptCharges {
        var charges = AttemptCharges(hits: try limiter.hits(rules, context), now: app.clock.now().epoch)
        // The challenge was issued for this account as hard as its risk was then, and signed so: only a score this
        // instance already knows is applied again here, so an attempt costs no risk read.
        do {
            charges.proof = try pow.verified(proof, binding, riskBits: app.risk.knownScore(accountId: binding.account) ?? 0)
        } catch {
            try await limiter.counting { try await app.database.pay(charges) }
            throw error
        }
        return charges
    }

    /// An optional day as typed: empty means none.
    private static func day(_ text: String?) throws(CitasError) -> LocalDate? {
        guard let text, !text.isEmpty else { return nil }
        return try LocalDate(text)
    }

    /// The signed-in account's CURP; only verified accounts may hold appointments.
    func verifiedCurp(_ context: AppRequestContext) async throws -> Curp {
        Curp(stored: try await verifiedAccount(context).curp)
    }

    /// The signed-in account, as read with its session when the request carries it; only verified accounts act.
    func verifiedAccount(_ context: AppRequestContext) async throws -> Account {
        guard let account = context.account else { return try await app.verifiedAccount(try context.requireAccount()) }
        guard account.isVerified else { throw CitasError(.accountNotVerified) }
        return account
    }

    /// The slot for the signed-in verified account with a solved proof-of-work, and what the attempt pays; refuses
    /// past dates and unknown offices.
    private func bookingRequest(
        _ slot: SlotChoice,
        proof: String?,
        channel: BookingRequest.Channel,
        context: AppRequestContext
    ) async throws
        -> (BookingRequest, AttemptCharges)
    {
        try FieldLimits.check([("office", slot.office, 64), ("date", slot.date, 10), ("time", slot.time, 5)])
        let office = try await app.offices.require(slot.office)
        let date = try LocalDate(slot.date)
        let time = try LocalTime(slot.time)
        guard date >= LocalDate(app.clock.now(), in: office.zone) else { throw CitasError(.dateInPast) }
        // Input is checked first (a clear 4xx costs nobody work); the proof then buys this office for this account.
        let account = try context.requireAccount()
        let charges = try await charges(
            limits.bookings,
            proof: proof,
            ProofOfWorkBinding(scope: "book", office: office.code, account: account),
            context: context
        )
        let holder = try await verifiedAccount(context)
        var request = BookingRequest(
            curp: Curp(stored: holder.curp),
            officeCode: office.code,
            date: date,
            time: time,
            actor: "account:\(account)",
            channel: channel
        )
        request.recipient = BookingRequest.Recipient(email: holder.email, language: holder.language, officeName: office.name)
        return (request, charges)
    }
}
