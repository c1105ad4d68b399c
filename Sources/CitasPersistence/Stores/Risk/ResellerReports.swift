import CitasDomain
import Foundation
import SQLKit

/// A citizen's report of a reseller, as the review queue shows it.
public struct ResellerReport: Sendable, Hashable {
    public let id: Int
    public let createdAt: Int
    public let description: String
    /// Whom it names: a CURP, an e-mail address, a phone number or a web page, as the person typed it.
    public let subject: String
    public let location: String
    /// How to reach the person who reported, if they chose to say.
    public let contact: String
    public let language: Language
}

/// Reports of resellers from the public form: written with their audit row in one transaction, listed for review,
/// closed once (dismissed or acted on) by a conditional update, so two reviewers cannot both close one.
public struct ResellerReports: Sendable {
    /// Longest accepted texts: enough for a clear account, short enough that the queue stays readable.
    public static let maximumDescription = 2_000
    public static let maximumField = 200

    let database: any AppDatabase
    let clock: any CitasClock

    public init(database: any AppDatabase, clock: any CitasClock) {
        self.database = database
        self.clock = clock
    }

    /// Records a report; returns its number. Throws `field_missing` (description) or `field_too_long`.
    public func submit(description: String, subject: String, location: String, contact: String, language: Language) async throws -> Int {
        let description = description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !description.isEmpty else { throw CitasError(.fieldMissing, detail: "description") }
        guard description.count <= Self.maximumDescription else { throw CitasError(.fieldTooLong, detail: "description") }
        let fields = [("subject", subject), ("location", location), ("contact", contact)].map {
            ($0, $1.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        for (name, value) in fields where value.count > Self.maximumField { throw CitasError(.fieldTooLong, detail: name) }
        let now = clock.now().epoch
        return try await database.write { sql in
            let id = try await sql.raw(
                """
                INSERT INTO reseller_reports (created_at, description, subject, location, contact, language)
                VALUES (\(bind: now), \(bind: description), \(bind: fields[0].1), \(bind: fields[1].1), \(bind: fields[2].1), \(bind: language.rawValue))
                RETURNING id
                """
            ).first()!.decode(column: "id", as: Int.self)
            try await AuditLog.append(sql, at: now, actor: "public", action: "reseller_report.submit", subject: "reseller_report:\(id)")
            return id
        }
    }

    /// Open reports, oldest first.
    public func open(limit: Int = 50) async throws -> [ResellerReport] {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT id, created_at, description, subject, location, contact, language FROM reseller_reports
                WHERE status = 'open' ORDER BY created_at, id LIMIT \(bind: limit)
                """
            ).all().map { row in
                ResellerReport(
                    id: try row.decode(column: "id", as: Int.self),
                    createdAt: try row.decode(column: "created_at", as: Int.self),
                    description: try row.decode(column: "description", as: String.self),
                    subject: try row.decode(column: "subject", as: String.self),
                    location: try row.decode(column: "location", as: String.self),
                    contact: try row.decode(column: "contact", as: String.self),
                    language: Language(rawValue: try row.decode(column: "language", as: String.self)) ?? .es
                )
            }
        }
    }

    /// What a reviewer decided about a report.
    public enum Outcome: String, Sendable {
        case dismissed
        case acted
    }

    /// Closes an open report; `not_found` when it is not open (already closed by someone, or no such report).
    public func close(id: Int, outcome: Outcome, actor: String) async throws {
        let now = clock.now().epoch
        try await database.write { sql in
            let closed = try await sql.raw(
                """
                UPDATE reseller_reports SET status = \(bind: outcome.rawValue), handled_by = \(bind: actor), handled_at = \(bind: now)
                WHERE id = \(bind: id) AND status = 'open' RETURNING id
                """
            ).first()
            guard closed != nil else { throw CitasError(.notFound) }
            try await AuditLog.append(sql, at: now, actor: actor, action: "reseller_report.\(outcome.rawValue)", subject: "reseller_report:\(id)")
        }
    }
}
