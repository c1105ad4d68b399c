import CitasDomain
import SQLKit

/// Operators' domain rules (they outrank the shipped lists) and the count of refused registrations per domain.
public struct EmailRuleStore: Sendable {
    let database: any AppDatabase

    public init(database: any AppDatabase) {
        self.database = database
    }

    /// The operator rules that mention any of `domains`.
    public func rules(for domains: [String]) async throws -> [String: DomainRule] {
        guard !domains.isEmpty else { return [:] }
        return try await database.read { sql in
            let rows = try await sql.select().columns("domain", "rule").from("email_domain_rules")
                .where("domain", .in, domains).all()
            return Dictionary(
                uniqueKeysWithValues: try rows.compactMap { row in
                    try DomainRule(rawValue: row.decode(column: "rule", as: String.self)).map {
                        (try row.decode(column: "domain", as: String.self), $0)
                    }
                }
            )
        }
    }

    /// Sets the rule for each domain (replacing an earlier one) in one transaction; returns how many were written.
    @discardableResult
    public func set(_ rule: DomainRule, for domains: [String], source: String, now: Int) async throws -> Int {
        try await database.write { sql in
            for domain in domains {
                try await sql.raw(
                    """
                    INSERT INTO email_domain_rules (domain, rule, source, created_at)
                    VALUES (\(bind: domain), \(bind: rule.rawValue), \(bind: source), \(bind: now))
                    ON CONFLICT (domain) DO UPDATE SET rule = excluded.rule, source = excluded.source, created_at = excluded.created_at
                    """
                ).run()
            }
            try await AuditLog.append(
                sql,
                at: now,
                actor: source,
                action: "email_rule.\(rule.rawValue)",
                subject: "email_rules",
                detail: "\(domains.count) domains"
            )
            return domains.count
        }
    }

    /// Counts one refused registration for `domain` on `date` (inside the caller's transaction).
    static func countRefusal(domain: String, on date: LocalDate, in sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO email_refusals (domain, local_date, refusals) VALUES (\(bind: domain), \(bind: date.description), 1)
            ON CONFLICT (domain, local_date) DO UPDATE SET refusals = email_refusals.refusals + 1
            """
        ).run()
    }

    public func countRefusal(domain: String, on date: LocalDate) async throws {
        try await database.write { sql in try await Self.countRefusal(domain: domain, on: date, in: sql) }
    }

    /// Refusals per domain between two dates, most refused first.
    public func refusals(from: LocalDate, through: LocalDate) async throws -> [(domain: String, refusals: Int)] {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT domain, SUM(refusals) AS refusals FROM email_refusals
                WHERE local_date BETWEEN \(bind: from.description) AND \(bind: through.description)
                GROUP BY domain ORDER BY refusals DESC, domain
                """
            ).all().map { (try $0.decode(column: "domain", as: String.self), try $0.decode(column: "refusals", as: Int.self)) }
        }
    }
}
