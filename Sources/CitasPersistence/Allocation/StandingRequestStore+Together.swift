import CitasDomain
import SQLKit

extension StandingRequestStore {
    /// One person of a household waiting together: their CURP and, for a member, the account whose household they
    /// are in (confirmed, and the membership locked, in the filing transaction).
    public struct Waiter: Sendable, Hashable {
        public let curp: Curp
        public let household: String?

        public init(curp: Curp, household: String?) {
            self.curp = curp
            self.household = household
        }
    }

    /// Files a waiting request for each of `people` at once, sharing one group: the allocator gives them consecutive
    /// seats of one day at a single lottery turn, or nothing. One transaction, all or none: each person may hold no
    /// live appointment (a group asks for new appointments, never moves) and wait for nothing else (the partial
    /// unique index). A single person files an ordinary request.
    public func requestTogether(
        _ people: [Waiter],
        office: String,
        preference: SeatPreference,
        origin: Requester
    ) async throws -> [StandingRequest] {
        guard let first = people.first else { return [] }
        guard people.count > 1 else {
            return [try await request(curp: first.curp, office: office, preference: preference, origin: origin, household: first.household)]
        }
        let now = clock.now().epoch
        let policy = policy
        let engine = database.engine
        do {
            let filed = try await database.write { sql in
                var group: Int?
                var ids: [Int] = []
                for person in people {
                    if let household = person.household {
                        try await DependentStore.confirmActsFor(curp: person.curp.value, accountId: household, engine: engine, in: sql)
                    }
                    guard
                        let row = try await sql.raw(
                            """
                            INSERT INTO standing_requests (office_code, account_id, curp, time_of_day, from_date, through_date, channel, agent,
                                caller_name, status, created_at, group_id)
                            SELECT \(bind: office), \(bind: origin.accountId), \(bind: person.curp.value), \(bind: preference.timeOfDay.rawValue),
                                \(bind: preference.from?.description), \(bind: preference.through?.description), \(bind: origin.channel.rawValue),
                                \(bind: origin.agent), \(bind: origin.callerName), 'waiting', \(bind: now), \(bind: group)
                            WHERE NOT EXISTS (SELECT 1 FROM appointments WHERE curp = \(bind: person.curp.value) AND status IN ('booked', 'checked_in'))
                            RETURNING id
                            """
                        ).first()
                    else { throw CitasError(.curpHasLiveAppointment, detail: person.curp.value) }
                    let id = try row.decode(column: "id", as: Int.self)
                    group = group ?? id
                    ids.append(id)
                }
                let leader = ids[0]
                try await sql.raw("UPDATE standing_requests SET group_id = \(bind: leader) WHERE id = \(bind: leader)").run()
                for id in ids {
                    try await AuditLog.append(
                        sql,
                        at: now,
                        actor: origin.actor,
                        action: "request.file",
                        subject: "request:\(id)",
                        detail:
                            "\(office) \(preference.timeOfDay.rawValue) \(preference.from?.description ?? "-")..\(preference.through?.description ?? "-")"
                            + " channel=\(origin.channel.rawValue) together=\(leader) people=\(ids.count)"
                    )
                }
                try await Allocator.seatsFreed(office: office, now: now, policy: policy, in: sql)
                return try await sql.raw(
                    "SELECT \(unsafeRaw: Self.columns) FROM standing_requests WHERE group_id = \(bind: leader) ORDER BY id"
                ).all().map(Self.request(from:))
            }
            metrics.drawRequests(filed.count)
            return filed
        } catch {
            if UniqueKey.violated(by: error) == .waitingRequest { throw CitasError(.drawRequestPending) }
            throw error
        }
    }
}
