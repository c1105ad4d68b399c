import CitasDomain
import Foundation
import SQLKit

extension StaffStore {
    /// The member's TOTP key: the confirmed one, or the one waiting for its first code (created from `candidate`
    /// when there is none, so reloading the enrolment page shows the same key). Sealed at rest.
    public func totpKey(staffId: String, candidate: [UInt8]) async throws -> (key: [UInt8], confirmed: Bool) {
        let sealed = try seal.seal(Data(candidate).base64EncodedString())
        let row = try await database.write { sql in
            try await sql.raw("UPDATE staff SET totp_secret = \(bind: sealed) WHERE id = \(bind: staffId) AND totp_secret IS NULL").run()
            return try await sql.raw("SELECT totp_secret, totp_confirmed_at FROM staff WHERE id = \(bind: staffId)").first()
        }
        guard let row, let stored = try row.decode(column: "totp_secret", as: String?.self), let key = Data(base64Encoded: try seal.open(stored))
        else { throw CitasError(.staffForbidden) }
        return (Array(key), try row.decode(column: "totp_confirmed_at", as: Int?.self) != nil)
    }

    /// The confirmed TOTP key, if any.
    public func confirmedTOTPKey(staffId: String) async throws -> [UInt8]? {
        let stored = try await database.read { sql in
            try await sql.raw("SELECT totp_secret FROM staff WHERE id = \(bind: staffId) AND totp_confirmed_at IS NOT NULL").first()?
                .decode(column: "totp_secret", as: String?.self)
        }
        guard let stored, let key = Data(base64Encoded: try seal.open(stored)) else { return nil }
        return Array(key)
    }

    /// Records that the code of 30-second `step` was used; false when that step or a later one already was (a
    /// replayed or stale code). One conditional update decides, so two instances cannot both accept a code.
    public func useStep(staffId: String, step: Int) async throws -> Bool {
        try await database.write { sql in
            try await sql.raw(
                """
                UPDATE staff SET totp_last_step = \(bind: step)
                WHERE id = \(bind: staffId) AND (totp_last_step IS NULL OR totp_last_step < \(bind: step)) RETURNING id
                """
            ).first() != nil
        }
    }

    /// Spends one recovery code (by its hash); false when unknown or already used.
    public func useRecoveryCode(staffId: String, hash: String, now: Int) async throws -> Bool {
        try await database.write { sql in
            let used =
                try await sql.raw(
                    """
                    UPDATE staff_recovery_codes SET used_at = \(bind: now)
                    WHERE staff_id = \(bind: staffId) AND code_hash = \(bind: hash) AND used_at IS NULL RETURNING staff_id
                    """
                ).first() != nil
            if used {
                try await AuditLog.append(sql, at: now, actor: "staff:\(staffId)", action: "staff.recovery_code_used", subject: "staff:\(staffId)")
            }
            return used
        }
    }

    /// Confirms the waiting key with the code of `step`, stores the recovery codes' hashes and gives `session` its
    /// second factor, all at once; false when the key was already confirmed (another tab) or reset meanwhile.
    public func confirmTOTP(staffId: String, step: Int, recoveryHashes: [String], session: SecretToken, now: Int) async throws -> Bool {
        try await database.write { sql in
            guard
                try await sql.raw(
                    """
                    UPDATE staff SET totp_confirmed_at = \(bind: now), totp_last_step = \(bind: step)
                    WHERE id = \(bind: staffId) AND totp_secret IS NOT NULL AND totp_confirmed_at IS NULL RETURNING id
                    """
                ).first() != nil
            else { return false }
            for hash in recoveryHashes {
                try await sql.raw("INSERT INTO staff_recovery_codes (staff_id, code_hash) VALUES (\(bind: staffId), \(bind: hash))").run()
            }
            try await sql.raw(
                "UPDATE staff_sessions SET second_factor_at = \(bind: now) WHERE token_hash = \(bind: session.hash) AND staff_id = \(bind: staffId)"
            ).run()
            try await AuditLog.append(sql, at: now, actor: "staff:\(staffId)", action: "staff.totp_enrolled", subject: "staff:\(staffId)")
            return true
        }
    }
}
