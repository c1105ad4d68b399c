import CitasDomain
import SQLKit

/// One line of the staff list.
public struct StaffListing: Sendable, Hashable {
    public let id: String
    public let email: String
    public let name: String
    public let role: StaffRole
    public let offices: [String]
    public let secondFactor: Bool
    public let disabled: Bool
}

extension StaffStore {
    /// Every member of staff, enabled first, by e-mail.
    public func list() async throws -> [StaffListing] {
        try await database.read { sql in
            let offices = try await sql.raw("SELECT staff_id, office_code FROM staff_offices ORDER BY office_code").all().reduce(
                into: [String: [String]]()
            ) {
                $0[try $1.decode(column: "staff_id", as: String.self), default: []].append(try $1.decode(column: "office_code", as: String.self))
            }
            return try await sql.raw(
                """
                SELECT id, email, name, role, totp_confirmed_at, disabled_at FROM staff
                ORDER BY CASE WHEN disabled_at IS NULL THEN 0 ELSE 1 END, email
                """
            ).all().map { row in
                let id = try row.decode(column: "id", as: String.self)
                return StaffListing(
                    id: id,
                    email: try row.decode(column: "email", as: String.self),
                    name: try row.decode(column: "name", as: String.self),
                    role: StaffRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .auditor,
                    offices: offices[id] ?? [],
                    secondFactor: try row.decode(column: "totp_confirmed_at", as: Int?.self) != nil,
                    disabled: try row.decode(column: "disabled_at", as: Int?.self) != nil
                )
            }
        }
    }

    /// The id of the member with this e-mail, enabled or not.
    public func id(email: String) async throws -> String? {
        try await database.read { sql in
            try await sql.raw("SELECT id FROM staff WHERE email = \(bind: email.lowercased())").first()?.decode(column: "id", as: String.self)
        }
    }

    /// Disables a member and ends their sessions; false when already disabled or unknown. Nobody disables themself
    /// (an admin locking out the last admin by mistake).
    public func disable(staffId: String, actor: String, now: Int) async throws -> Bool {
        guard actor != "staff:\(staffId)" else { throw CitasError(.staffForbidden) }
        return try await database.write { sql in
            guard
                try await sql.raw("UPDATE staff SET disabled_at = \(bind: now) WHERE id = \(bind: staffId) AND disabled_at IS NULL RETURNING id")
                    .first() != nil
            else { return false }
            try await Self.endSessions(staffId: staffId, keeping: nil, now: now, in: sql)
            try await AuditLog.append(sql, at: now, actor: actor, action: "staff.disable", subject: "staff:\(staffId)")
            return true
        }
    }

    /// A new password set by someone else (an admin, the CLI): the second factor is reset too, so the member enrols a
    /// new one at the next log-in, and every session ends. Re-enables a disabled member.
    public func resetCredentials(staffId: String, passwordHash: String, actor: String, now: Int) async throws -> Bool {
        try await database.write { sql in
            guard
                try await sql.raw(
                    """
                    UPDATE staff SET password_hash = \(bind: passwordHash), totp_secret = NULL, totp_confirmed_at = NULL,
                        totp_last_step = NULL, disabled_at = NULL
                    WHERE id = \(bind: staffId) RETURNING id
                    """
                ).first() != nil
            else { return false }
            try await sql.raw("DELETE FROM staff_recovery_codes WHERE staff_id = \(bind: staffId)").run()
            try await Self.endSessions(staffId: staffId, keeping: nil, now: now, in: sql)
            try await AuditLog.append(sql, at: now, actor: actor, action: "staff.reset", subject: "staff:\(staffId)")
            return true
        }
    }

    /// The member's own new password; their other sessions end.
    public func changePassword(staffId: String, passwordHash: String, keeping session: SecretToken, now: Int) async throws {
        try await database.write { sql in
            try await sql.raw("UPDATE staff SET password_hash = \(bind: passwordHash) WHERE id = \(bind: staffId)").run()
            try await Self.endSessions(staffId: staffId, keeping: session, now: now, in: sql)
            try await AuditLog.append(sql, at: now, actor: "staff:\(staffId)", action: "staff.password_changed", subject: "staff:\(staffId)")
        }
    }

    /// The stored password hash of an enabled member (to check the current password before a change).
    public func passwordHash(staffId: String) async throws -> String? {
        try await database.read { sql in
            try await sql.raw("SELECT password_hash FROM staff WHERE id = \(bind: staffId) AND disabled_at IS NULL").first()?
                .decode(column: "password_hash", as: String.self)
        }
    }

    static func endSessions(staffId: String, keeping session: SecretToken?, now: Int, in sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            UPDATE staff_sessions SET revoked_at = \(bind: now)
            WHERE staff_id = \(bind: staffId) AND revoked_at IS NULL AND token_hash <> \(bind: session?.hash ?? "")
            """
        ).run()
    }
}
