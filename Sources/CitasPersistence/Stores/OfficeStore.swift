import CitasDomain
import Foundation
import SQLKit

/// Offices and their plans. The catalogue seeds them; afterwards the database is the source of truth.
public struct OfficeStore: Sendable {
    let database: any AppDatabase
    /// The whole catalogue, read once per lifetime (every request names an office); this store's own writes forget it.
    let catalogue: ReadCache<Int, [Office]>

    public init(database: any AppDatabase, readCache: Duration = .zero) {
        self.database = database
        catalogue = ReadCache(lifetime: readCache, capacity: 1)
    }

    /// Inserts the offices that are not there yet and returns how many; existing rows (maybe edited) are kept.
    @discardableResult
    public func seed(_ offices: [Office]) async throws -> Int {
        defer { catalogue.removeAll() }
        return try await database.write { sql in
            var inserted = 0
            for office in offices {
                let rows = try await sql.raw(
                    """
                    INSERT INTO offices (code, name, kind, country, state_code, state_name, city, time_zone, address,
                        services, hours, breaks, slot_minutes, counters, release_time, release_days_ahead)
                    VALUES (\(bind: office.code), \(bind: office.name), \(bind: office.kind.rawValue), \(bind: office.country),
                        \(bind: office.stateCode), \(bind: office.stateName), \(bind: office.city), \(bind: office.timeZone),
                        \(bind: office.address), \(bind: office.services.map(\.rawValue).joined(separator: ",")),
                        \(bind: office.plan.hoursText), \(bind: office.plan.breaksText), \(bind: office.plan.slotMinutes),
                        \(bind: office.plan.counters), \(bind: office.release.timeOfDay.description), \(bind: office.release.daysAhead))
                    ON CONFLICT (code) DO NOTHING
                    RETURNING code
                    """
                ).all()
                inserted += rows.count
            }
            return inserted
        }
    }

    /// All offices, ordered by country, state and name.
    public func all() async throws -> [Office] {
        try await catalogue.value(0) {
            try await database.read { sql in
                try await sql.raw("SELECT * FROM offices ORDER BY country DESC, state_name, name").all().map(Self.office(from:))
            }
        }
    }

    public func find(_ code: String) async throws -> Office? {
        if catalogue.lifetime > .zero { return try await all().first { $0.code == code } }
        return try await database.read { sql in
            try await sql.raw("SELECT * FROM offices WHERE code = \(bind: code)").first().map(Self.office(from:))
        }
    }

    /// Like `find`, but an unknown code is the person's error.
    public func require(_ code: String) async throws -> Office {
        guard let office = try await find(code) else { throw CitasError(.officeNotFound, detail: String(code.prefix(40))) }
        return office
    }

    /// Changes when an office releases its days. Draws already scheduled keep their instant (people were told
    /// it); days without a draw yet follow the new schedule when the slot job next runs.
    public func setRelease(office code: String, to schedule: ReleaseSchedule, actor: String, now: Int) async throws {
        defer { catalogue.removeAll() }
        try await database.write { sql in
            let rows = try await sql.raw(
                """
                UPDATE offices SET release_time = \(bind: schedule.timeOfDay.description), release_days_ahead = \(bind: schedule.daysAhead)
                WHERE code = \(bind: code) RETURNING code
                """
            ).all()
            guard !rows.isEmpty else { throw CitasError(.officeNotFound, detail: String(code.prefix(40))) }
            try await AuditLog.append(
                sql,
                at: now,
                actor: actor,
                action: "office.set_release",
                subject: "office:\(code)",
                detail: "\(schedule.timeOfDay) \(schedule.daysAhead)d"
            )
        }
    }

    /// Sets the street address people are sent to (shown on the office's page, the appointment and its proof);
    /// at most 200 characters, trimmed; empty means "not known yet", which the pages say.
    public func setAddress(office code: String, to address: String, actor: String, now: Int) async throws {
        let address = address.trimmingCharacters(in: .whitespacesAndNewlines)
        guard address.count <= 200 else { throw CitasError(.fieldTooLong, detail: "address") }
        defer { catalogue.removeAll() }
        try await database.write { sql in
            let rows = try await sql.raw("UPDATE offices SET address = \(bind: address) WHERE code = \(bind: code) RETURNING code").all()
            guard !rows.isEmpty else { throw CitasError(.officeNotFound, detail: String(code.prefix(40))) }
            try await AuditLog.append(sql, at: now, actor: actor, action: "office.set_address", subject: "office:\(code)", detail: address)
        }
    }

    /// Replaces an office's opening plan (hours, breaks, slot length, counters). Slots already generated keep
    /// their times and seats (people hold them); the slot job applies the new plan to days not generated yet.
    public func setPlan(office code: String, to plan: OpeningPlan, actor: String, now: Int) async throws {
        defer { catalogue.removeAll() }
        try await database.write { sql in
            let rows = try await sql.raw(
                """
                UPDATE offices SET hours = \(bind: plan.hoursText), breaks = \(bind: plan.breaksText), slot_minutes = \(bind: plan.slotMinutes),
                    counters = \(bind: plan.counters)
                WHERE code = \(bind: code) RETURNING code
                """
            ).all()
            guard !rows.isEmpty else { throw CitasError(.officeNotFound, detail: String(code.prefix(40))) }
            try await AuditLog.append(
                sql,
                at: now,
                actor: actor,
                action: "office.set_plan",
                subject: "office:\(code)",
                detail: "\(plan.hoursText) | \(plan.breaksText) | \(plan.slotMinutes) min | \(plan.counters) counters"
            )
        }
    }

    static func office(from row: any SQLRow) throws -> Office {
        Office(
            code: try row.decode(column: "code", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            kind: Office.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .delegacion,
            country: try row.decode(column: "country", as: String.self),
            stateCode: try row.decode(column: "state_code", as: String.self),
            stateName: try row.decode(column: "state_name", as: String.self),
            city: try row.decode(column: "city", as: String.self),
            timeZone: try row.decode(column: "time_zone", as: String.self),
            address: try row.decode(column: "address", as: String.self),
            services: try row.decode(column: "services", as: String.self).split(separator: ",").compactMap {
                Office.Service(rawValue: String($0))
            },
            plan: try OpeningPlan(
                hoursText: try row.decode(column: "hours", as: String.self),
                breaksText: try row.decode(column: "breaks", as: String.self),
                slotMinutes: try row.decode(column: "slot_minutes", as: Int.self),
                counters: try row.decode(column: "counters", as: Int.self)
            ),
            release: try ReleaseSchedule(
                timeOfDay: try LocalTime(try row.decode(column: "release_time", as: String.self)),
                daysAhead: try row.decode(column: "release_days_ahead", as: Int.self)
            )
        )
    }
}
