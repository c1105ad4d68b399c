import CitasDomain
import Foundation
import SQLKit

/// One office's month, as the ministry publishes it.
public struct MonthlyReportRow: Sendable, Hashable, Codable {
    public let officeCode: String
    public let offered: Int
    public let booked: Int
    public let attended: Int
    public let noShow: Int
    public let cancelled: Int
    public let issued: Int
    public let feesCentavos: Int
    public let draws: Int
    public let drawRequests: Int
    public let drawAllotted: Int

    public init(
        officeCode: String,
        offered: Int,
        booked: Int,
        attended: Int,
        noShow: Int,
        cancelled: Int,
        issued: Int,
        feesCentavos: Int,
        draws: Int,
        drawRequests: Int,
        drawAllotted: Int
    ) {
        self.officeCode = officeCode
        self.offered = offered
        self.booked = booked
        self.attended = attended
        self.noShow = noShow
        self.cancelled = cancelled
        self.issued = issued
        self.feesCentavos = feesCentavos
        self.draws = draws
        self.drawRequests = drawRequests
        self.drawAllotted = drawAllotted
    }
}

/// Throw-away addresses refused, per domain, in a month.
public struct RefusalRow: Sendable, Hashable, Codable {
    public let domain: String
    public let refusals: Int

    public init(domain: String, refusals: Int) {
        self.domain = domain
        self.refusals = refusals
    }
}

/// The published figures, computed from the rows themselves (no separate counters that could drift).
public struct ReportStore: Sendable {
    let database: any AppDatabase

    public init(database: any AppDatabase) {
        self.database = database
    }

    /// Every office's figures for `month` (`YYYY-MM`), or only `offices` when given.
    public func monthly(_ month: String, offices: Set<String>? = nil) async throws -> [MonthlyReportRow] {
        // A range on the indexed text dates, not `LIKE 'YYYY-MM-%'`: PostgreSQL cannot use an index for LIKE under
        // a non-C collation, and the report then read every appointment of the office, growing with the years.
        let range = try LocalDate.monthRange(month)
        let (first, next) = (range.first.description, range.next.description)
        let rows = try await database.read { sql in
            try await sql.raw(
                """
                SELECT o.code,
                    (SELECT COALESCE(SUM(s.capacity), 0) FROM slots s WHERE s.office_code = o.code AND s.local_date >= \(bind: first) AND s.local_date < \(bind: next)) AS offered,
                    (SELECT COUNT(*) FROM appointments a WHERE a.office_code = o.code AND a.local_date >= \(bind: first) AND a.local_date < \(bind: next)) AS booked,
                    (SELECT COUNT(*) FROM appointments a WHERE a.office_code = o.code AND a.local_date >= \(bind: first) AND a.local_date < \(bind: next) AND a.status = 'attended') AS attended,
                    (SELECT COUNT(*) FROM appointments a WHERE a.office_code = o.code AND a.local_date >= \(bind: first) AND a.local_date < \(bind: next) AND a.status = 'no_show') AS no_show,
                    (SELECT COUNT(*) FROM appointments a WHERE a.office_code = o.code AND a.local_date >= \(bind: first) AND a.local_date < \(bind: next) AND a.status = 'cancelled') AS cancelled,
                    (SELECT COUNT(*) FROM passports p JOIN appointments a ON a.folio = p.folio
                        WHERE a.office_code = o.code AND a.local_date >= \(bind: first) AND a.local_date < \(bind: next)) AS issued,
                    (SELECT CAST(COALESCE(SUM(pay.paid_centavos), 0) AS BIGINT) FROM payments pay WHERE pay.office_code = o.code AND pay.paid_on >= \(bind: first) AND pay.paid_on < \(bind: next)) AS fees,
                    (SELECT COUNT(*) FROM allocations d WHERE d.kind = 'release' AND d.office_code = o.code AND d.local_date >= \(bind: first) AND d.local_date < \(bind: next) AND d.ran_at IS NOT NULL) AS draws,
                    (SELECT COALESCE(SUM(d.requests), 0) FROM allocations d WHERE d.kind = 'release' AND d.office_code = o.code AND d.local_date >= \(bind: first) AND d.local_date < \(bind: next)) AS draw_requests,
                    (SELECT COUNT(*) FROM appointments a WHERE a.office_code = o.code AND a.local_date >= \(bind: first) AND a.local_date < \(bind: next) AND a.channel = 'draw') AS draw_allotted
                FROM offices o ORDER BY o.code
                """
            ).all()
        }
        return try rows.map { row in
            MonthlyReportRow(
                officeCode: try row.decode(column: "code", as: String.self),
                offered: try row.decode(column: "offered", as: Int.self),
                booked: try row.decode(column: "booked", as: Int.self),
                attended: try row.decode(column: "attended", as: Int.self),
                noShow: try row.decode(column: "no_show", as: Int.self),
                cancelled: try row.decode(column: "cancelled", as: Int.self),
                issued: try row.decode(column: "issued", as: Int.self),
                feesCentavos: try row.decode(column: "fees", as: Int.self),
                draws: try row.decode(column: "draws", as: Int.self),
                drawRequests: try row.decode(column: "draw_requests", as: Int.self),
                drawAllotted: try row.decode(column: "draw_allotted", as: Int.self)
            )
        }.filter { offices?.contains($0.officeCode) ?? true }
    }

    /// The call centre's month per agent: requests entered for callers (from Mexico City midnight to midnight) and how
    /// many of them the allocator has seated so far, most active agent first.
    public func phoneAgents(_ month: String) async throws -> [AgentReportRow] {
        let range = try LocalDate.monthRange(month)
        let zone = TimeZone(identifier: "America/Mexico_City")!
        let midnight = LocalTime(minutes: 0)
        guard let first = midnight.instant(on: range.first, in: zone)?.epoch, let next = midnight.instant(on: range.next, in: zone)?.epoch else {
            return []
        }
        return try await database.read { sql in
            try await sql.raw(
                """
                SELECT r.agent, COALESCE(s.name, r.agent) AS name, COUNT(*) AS filed,
                    SUM(CASE WHEN r.status = 'allotted' THEN 1 ELSE 0 END) AS seated
                FROM standing_requests r LEFT JOIN staff s ON 'staff:' || s.id = r.agent
                WHERE r.agent IS NOT NULL AND r.created_at >= \(bind: first) AND r.created_at < \(bind: next)
                GROUP BY r.agent, s.name ORDER BY COUNT(*) DESC, r.agent
                """
            ).all().map {
                AgentReportRow(
                    agent: try $0.decode(column: "agent", as: String.self),
                    name: try $0.decode(column: "name", as: String.self),
                    filed: try $0.decode(column: "filed", as: Int.self),
                    seated: try $0.decode(column: "seated", as: Int.self)
                )
            }
        }
    }

    /// Throw-away-address refusals by domain in `month`, most refused first.
    public func refusals(_ month: String) async throws -> [RefusalRow] {
        let range = try LocalDate.monthRange(month)
        let (first, next) = (range.first.description, range.next.description)
        return try await database.read { sql in
            try await sql.raw(
                """
                SELECT domain, SUM(refusals) AS refusals FROM email_refusals WHERE local_date >= \(bind: first) AND local_date < \(bind: next)
                GROUP BY domain ORDER BY SUM(refusals) DESC, domain LIMIT 100
                """
            ).all().map {
                RefusalRow(domain: try $0.decode(column: "domain", as: String.self), refusals: try $0.decode(column: "refusals", as: Int.self))
            }
        }
    }
}

/// One call-centre agent's month: requests entered for callers and how many were seated.
public struct AgentReportRow: Sendable, Hashable {
    public let agent: String
    public let name: String
    public let filed: Int
    public let seated: Int
}
