import CitasDomain
import Foundation
import SQLKit

/// Staff accounts, their offices and their sessions. Separate from citizens' accounts and sessions, so a citizen's
/// cookie can never open a staff page.
public struct StaffStore: Sendable {
    let database: any AppDatabase
    let lifetime: SessionLifetime

    public init(database: any AppDatabase, lifetime: SessionLifetime = SessionLifetime(idle: 20 * 60, absolute: 10 * 3600)) {
        self.database = database
        self.lifetime = lifetime
    }

    /// Creates a member of staff with their offices; `email` is unique. Returns the id.
    @discardableResult
    public func create(
        email: String,
        name: String,
        role: StaffRole,
        offices: [String],
        passwordHash: String,
        actor: String,
        now: Int
    ) async throws -> String {
        let id = UUID().uuidString.lowercased()
        try await database.write { sql in
            try await sql.raw(
                """
                INSERT INTO staff (id, email, name, role, password_hash, created_at)
                VALUES (\(bind: id), \(bind: email.lowercased()), \(bind: name), \(bind: role.rawValue), \(bind: passwordHash), \(bind: now))
                """
            ).run()
            for office in offices {
                try await sql.raw("INSERT INTO staff_offices (staff_id, office_code) VALUES (\(bind: id), \(bind: office))").run()
            }
            try await AuditLog.append(
                sql,
                at: now,
                actor: actor,
                action: "staff.create",
                subject: "staff:\(id)",
                detail: "\(role.rawValue) \(offices.sorted().joined(separator: ","))"
            )
        }
        return id
    }

    /// The id and password hash of an enabled member of staff.
    public func credentials(email: String) async throws -> (id: String, hash: String)? {
        try await database.read { sql in
            try await sql.raw("SELECT id, password_hash FROM staff WHERE email = \(bind: email.lowercased()) AND disabled_at IS NULL").first()
                .map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "password_hash", as: String.self)) }
        }
    }

    public func member(id: String) async throws -> StaffMember? {
        try await database.read { sql in try await Self.member(id, in: sql) }
    }

    static func member(_ id: String, in sql: any SQLDatabase) async throws -> StaffMember? {
        guard let row = try await sql.raw("SELECT id, email, name, role FROM staff WHERE id = \(bind: id) AND disabled_at IS NULL").first()
        else { return nil }
        let offices = try await sql.raw("SELECT office_code FROM staff_offices WHERE staff_id = \(bind: id)").all()
            .map { try $0.decode(column: "office_code", as: String.self) }
        return StaffMember(
            id: try row.decode(column: "id", as: String.self),
            email: try row.decode(column: "email", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            role: StaffRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .auditor,
            offices: Set(offices)
        )
    }

    public func startSession(staffId: String, now: Int) async throws -> SecretToken {
        let token = SecretToken.random()
        try await database.write { sql in
            try await sql.raw(
                """
                INSERT INTO staff_sessions (token_hash, staff_id, created_at, last_seen_at, expires_at)
                VALUES (\(bind: token.hash), \(bind: staffId), \(bind: now), \(bind: now), \(bind: now + lifetime.absolute))
                """
            ).run()
            try await AuditLog.append(sql, at: now, actor: "staff:\(staffId)", action: "staff.session_start", subject: "staff:\(staffId)")
        }
        return token
    }

    /// The member of a live session (idle and absolute lifetimes), marking it seen at most once a minute.
    public func member(session token: SecretToken, now: Int) async throws -> StaffMember? {
        let live = try await database.read { sql in
            try await sql.raw(
                """
                SELECT staff_id, last_seen_at FROM staff_sessions WHERE token_hash = \(bind: token.hash) AND revoked_at IS NULL
                    AND expires_at > \(bind: now) AND last_seen_at > \(bind: now - lifetime.idle)
                """
            ).first()
        }
        guard let live else { return nil }
        if try live.decode(column: "last_seen_at", as: Int.self) < now - 60 {
            try await database.write { sql in
                try await sql.raw("UPDATE staff_sessions SET last_seen_at = \(bind: now) WHERE token_hash = \(bind: token.hash)").run()
            }
        }
        return try await member(id: try live.decode(column: "staff_id", as: String.self))
    }

    public func endSession(_ token: SecretToken, now: Int) async throws {
        try await database.write { sql in
            try await sql.raw("UPDATE staff_sessions SET revoked_at = \(bind: now) WHERE token_hash = \(bind: token.hash) AND revoked_at IS NULL")
                .run()
        }
    }
}
