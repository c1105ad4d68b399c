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
    /// Appointments and passports of minors (procedure OP-7), booked through their household.
    public let minorsBooked: Int
    public let minorsIssued: Int

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
        drawAllotted: Int,
        minorsBooked: Int,
        minorsIssued: Int
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
        self.minorsBooked = minorsBooked
        self.minorsIssued = minorsIssued
    }
}

extension MonthlyReportRow {
    /// Two spans of one office's figures added up.
    static func + (a: Self, b: Self) -> Self {
        MonthlyReportRow(
            officeCode: a.officeCode,
            offered: a.offered + b.offered,
            booked: a.booked + b.booked,
            attended: a.attended + b.attended,
            noShow: a.noShow + b.noShow,
            cancelled: a.cancelled + b.cancelled,
            issued: a.issued + b.issued,
            feesCentavos: a.feesCentavos + b.feesCentavos,
            draws: a.draws + b.draws,
            drawRequests: a.drawRequests + b.drawRequests,
            drawAllotted: a.drawAllotted + b.drawAllotted,
            minorsBooked: a.minorsBooked + b.minorsBooked,
            minorsIssued: a.minorsIssued + b.minorsIssued
        )
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

/// The published figures, computed from the rows themselves (no separate counters that could drift): over days
/// already summarized (`report_days`, written by `summarize` and deleted by trigger whenever a row behind it
/// changes) they add up those summaries, and they count the remaining days' rows directly.
public struct ReportStore: Sendable {
    let database: any AppDatabase

    public init(database: any AppDatabase) {
        self.database = database
    }

    /// Every office's figures for `month` (`YYYY-MM`), or only `offices` when given.
    public func monthly(_ month: String, offices: Set<String>? = nil) async throws -> [MonthlyReportRow] {
        let range = try LocalDate.monthRange(month)
        let (first, next) = (range.first.description, range.next.description)
        let (officeCount, summarized) = try await database.read { sql in try await Self.coverage(from: first, to: next, in: sql) }
        // Summaries up to the first day some office lacks one; that day and the rest are counted from the rows.
        var cut = range.first
        while cut < range.next && summarized[cut.description, default: 0] >= officeCount { cut = cut.adding(days: 1) }
        var rows: [String: MonthlyReportRow] = [:]
        if cut > range.first {
            for row in try await summed(from: first, to: cut.description) { rows[row.officeCode] = row }
        }
        if cut < range.next {
            for row in try await counted(from: cut.description, to: next) { rows[row.officeCode] = rows[row.officeCode].map { $0 + row } ?? row }
        }
        return rows.values.filter { offices?.contains($0.officeCode) ?? true }.sorted { $0.officeCode < $1.officeCode }
    }

    /// Summarizes every office-day from `last` back to the first day with slots that has no summary yet, at most
    /// `limit` days per call (a first run over years of history is spread over several); returns the rows written.
    /// `last` should be a day that is over: what happens later to its rows deletes its summary anyway.
    @discardableResult
    public func summarize(through last: LocalDate, limit: Int = 400) async throws -> Int {
        let next = last.adding(days: 1).description
        let (coverage, earliest) = try await database.read { sql in
            (
                try await Self.coverage(from: "", to: next, in: sql),
                try await sql.raw("SELECT MIN(local_date) AS d FROM slots").first()!.decode(column: "d", as: String?.self)
            )
        }
        let (officeCount, summarized) = coverage
        guard let earliest = try earliest.map(LocalDate.init) else { return 0 }
        var (day, days, written) = (last, 0, 0)
        while day >= earliest && days < limit {
            if summarized[day.description, default: 0] < officeCount {
                written += try await summarize(day)
                days += 1
            }
            day = day.adding(days: -1)
        }
        return written
    }

    /// How many offices there are, and how many of them have a summary on each day from `first` up to (not including)
    /// `next`: a day is summarized when all of them do.
    private static func coverage(
        from first: String,
        to next: String,
        in sql: any SQLDatabase
    ) async throws -> (offices: Int, summarized: [String: Int]) {
        let offices = try await sql.raw("SELECT COUNT(*) AS n FROM offices").first()!.decode(column: "n", as: Int.self)
        let days = try await sql.raw(
            "SELECT local_date, COUNT(*) AS n FROM report_days WHERE local_date >= \(bind: first) AND local_date < \(bind: next) GROUP BY local_date"
        ).all()
        var summarized: [String: Int] = [:]
        for day in days { summarized[try day.decode(column: "local_date", as: String.self)] = try day.decode(column: "n", as: Int.self) }
        return (offices, summarized)
    }

    /// Writes the summary of every office lacking one on `day`, counted from the rows in the same transaction.
    private func summarize(_ day: LocalDate) async throws -> Int {
        let (first, next) = (day.description, day.adding(days: 1).description)
        let engine = database.engine
        return try await database.write { sql in
            if engine == .postgres {
                // Wait for every writer of this day to commit, and hold later ones off until the summary is in. In one
                // order (by office), so two summarizers never deadlock each other.
                try await sql.raw(
                    "SELECT pg_advisory_xact_lock(\(unsafeRaw: "\(Schema014.lockSpace)"), hashtext(code || ' ' || \(bind: first))) FROM offices ORDER BY code"
                ).run()
            }
            return try await sql.raw(
                """
                INSERT INTO report_days (office_code, local_date, offered, booked, attended, no_show, cancelled, issued, fees_centavos, draws,
                    draw_requests, draw_allotted, minors_booked, minors_issued)
                SELECT f.code, \(bind: first), f.offered, f.booked, f.attended, f.no_show, f.cancelled, f.issued, f.fees, f.draws, f.draw_requests,
                    f.draw_allotted, f.minors_booked, f.minors_issued
                FROM (\(Self.figures(from: first, to: next))) f
                WHERE NOT EXISTS (SELECT 1 FROM report_days r WHERE r.office_code = f.code AND r.local_date = \(bind: first))
                ON CONFLICT (office_code, local_date) DO NOTHING
                RETURNING office_code
                """
            ).all().count
        }
    }

    /// The summaries of the days from `first` up to (not including) `next`, added up per office.
    private func summed(from first: String, to next: String) async throws -> [MonthlyReportRow] {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT office_code AS code, CAST(SUM(offered) AS BIGINT) AS offered, CAST(SUM(booked) AS BIGINT) AS booked,
                    CAST(SUM(attended) AS BIGINT) AS attended, CAST(SUM(no_show) AS BIGINT) AS no_show, CAST(SUM(cancelled) AS BIGINT) AS cancelled,
                    CAST(SUM(issued) AS BIGINT) AS issued, CAST(SUM(fees_centavos) AS BIGINT) AS fees, CAST(SUM(draws) AS BIGINT) AS draws,
                    CAST(SUM(draw_requests) AS BIGINT) AS draw_requests, CAST(SUM(draw_allotted) AS BIGINT) AS draw_allotted,
                    CAST(SUM(minors_booked) AS BIGINT) AS minors_booked, CAST(SUM(minors_issued) AS BIGINT) AS minors_issued
                FROM report_days WHERE local_date >= \(bind: first) AND local_date < \(bind: next) GROUP BY office_code
                """
            ).all().map(Self.row(from:))
        }
    }

    /// Every office's figures for the days from `first` up to (not including) `next`, counted from the rows.
    private func counted(from first: String, to next: String) async throws -> [MonthlyReportRow] {
        try await database.read { sql in try await sql.raw("\(Self.figures(from: first, to: next))").all().map(Self.row(from:)) }
    }

    /// Whether appointment `a` is a minor's: booked for a household member recorded as a minor (Schema021).
    private static let minor = "EXISTS (SELECT 1 FROM dependents m WHERE m.id = a.dependent_id AND m.kind = 'minor')"

    /// The figures' query over half-open ranges of the indexed text dates, not `LIKE 'YYYY-MM-%'`: PostgreSQL cannot
    /// use an index for LIKE under a non-C collation, and the report then read every appointment of the office.
    private static func figures(from first: String, to next: String) -> SQLQueryString {
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
            (SELECT COUNT(*) FROM appointments a WHERE a.office_code = o.code AND a.local_date >= \(bind: first) AND a.local_date < \(bind: next) AND a.channel = 'draw') AS draw_allotted,
            (SELECT COUNT(*) FROM appointments a WHERE a.office_code = o.code AND a.local_date >= \(bind: first) AND a.local_date < \(bind: next)
                AND \(unsafeRaw: minor)) AS minors_booked,
            (SELECT COUNT(*) FROM passports p JOIN appointments a ON a.folio = p.folio
                WHERE a.office_code = o.code AND a.local_date >= \(bind: first) AND a.local_date < \(bind: next) AND \(unsafeRaw: minor)) AS minors_issued
        FROM offices o
        """
    }

    private static func row(from row: any SQLRow) throws -> MonthlyReportRow {
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
            drawAllotted: try row.decode(column: "draw_allotted", as: Int.self),
            minorsBooked: try row.decode(column: "minors_booked", as: Int.self),
            minorsIssued: try row.decode(column: "minors_issued", as: Int.self)
        )
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
