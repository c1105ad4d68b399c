import CitasDomain
import Foundation
import SQLKit

/// Staff accounts, their offices and their sessions. Separate from citizens' accounts and sessions, so a citizen's
/// cookie can never open a staff page.
public struct StaffStore: Sendable {
    let database: any AppDatabase
    let lifetime: SessionLifetime
    /// Seals TOTP keys, so the database alone cannot produce a member's codes.
    let seal: SecretSeal

    public init(database: any AppDatabase, seal: SecretSeal, lifetime: SessionLifetime = SessionLifetime(idle: 20 * 60, absolute: 10 * 3600)) {
        self.database = database
        self.seal = seal
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

    /// What log-in needs of an enabled member of staff: id, password hash, role and whether a TOTP key is confirmed.
    public func credentials(email: String) async throws -> StaffCredentials? {
        try await database.read { sql in
            try await sql.raw(
                "SELECT id, password_hash, role, totp_confirmed_at FROM staff WHERE email = \(bind: email.lowercased()) AND disabled_at IS NULL"
            ).first().map {
                StaffCredentials(
                    id: try $0.decode(column: "id", as: String.self),
                    hash: try $0.decode(column: "password_hash", as: String.self),
                    role: StaffRole(rawValue: try $0.decode(column: "role", as: String.self)) ?? .auditor,
                    enrolled: try $0.decode(column: "totp_confirmed_at", as: Int?.self) != nil
                )
            }
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

    /// A new session; `secondFactor` when a TOTP or recovery code was given with the password.
    public func startSession(staffId: String, secondFactor: Bool, now: Int) async throws -> SecretToken {
        let token = SecretToken.random()
        try await database.write { sql in
            try await sql.raw(
                """
                INSERT INTO staff_sessions (token_hash, staff_id, created_at, last_seen_at, expires_at, second_factor_at)
                VALUES (\(bind: token.hash), \(bind: staffId), \(bind: now), \(bind: now), \(bind: now + lifetime.absolute),
                    \(bind: secondFactor ? now : nil))
                """
            ).run()
            try await AuditLog.append(
                sql,
                at: now,
                actor: "staff:\(staffId)",
                action: "staff.session_start",
                subject: "staff:\(staffId)",
                detail: secondFactor ? "second factor" : ""
            )
        }
        return token
    }

    /// The member of a live session who may use the staff pages: one whose role needs no second factor, or whose
    /// session has it. Marks the session seen at most once a minute.
    public func member(session token: SecretToken, now: Int) async throws -> StaffMember? {
        guard let session = try await session(token, now: now), session.secondFactor || !session.member.role.requiresSecondFactor else {
            return nil
        }
        return session.member
    }

    /// The member of a live session and whether it has its second factor (the enrolment page needs the ones without).
    public func session(_ token: SecretToken, now: Int) async throws -> (member: StaffMember, secondFactor: Bool)? {
        let live = try await database.read { sql in
            try await sql.raw(
                """
                SELECT staff_id, last_seen_at, second_factor_at FROM staff_sessions WHERE token_hash = \(bind: token.hash)
                    AND revoked_at IS NULL AND expires_at > \(bind: now) AND last_seen_at > \(bind: now - lifetime.idle)
                """
            ).first()
        }
        guard let live else { return nil }
        if try live.decode(column: "last_seen_at", as: Int.self) < now - 60 {
            try await database.write { sql in
                try await sql.raw("UPDATE staff_sessions SET last_seen_at = \(bind: now) WHERE token_hash = \(bind: token.hash)").run()
            }
        }
        guard let member = try await member(id: try live.decode(column: "staff_id", as: String.self)) else { return nil }
        return (member, try live.decode(column: "second_factor_at", as: Int?.self) != nil)
    }

    public func endSession(_ token: SecretToken, now: Int) async throws {
        try await database.write { sql in
            try await sql.raw("UPDATE staff_sessions SET revoked_at = \(bind: now) WHERE token_hash = \(bind: token.hash) AND revoked_at IS NULL")
                .run()
        }
    }
}

/// What the log-in form checks a member of staff against.
public struct StaffCredentials: Sendable {
    public let id: String
    public let hash: String
    public let role: StaffRole
    /// A TOTP key is confirmed: the log-in needs a code.
    public let enrolled: Bool
}
