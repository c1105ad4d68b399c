import CitasDomain
import SQLKit

/// How long sessions live: idle (no use) and absolute (since log-in).
public struct SessionLifetime: Sendable {
    public let idle: Int
    public let absolute: Int

    public init(idle: Int = 30 * 60, absolute: Int = 12 * 3600) {
        self.idle = idle
        self.absolute = absolute
    }
}

/// Server-side sessions, shared by every instance. Only the token's hash is stored.
public struct SessionStore: Sendable {
    public enum Kind: String, Sendable {
        case cookie
        case bearer
    }

    let database: any AppDatabase
    let lifetime: SessionLifetime

    public init(database: any AppDatabase, lifetime: SessionLifetime = SessionLifetime()) {
        self.database = database
        self.lifetime = lifetime
    }

    /// Starts a session; a new token each time, so a token planted before log-in is worthless after it.
    public func start(accountId: String, kind: Kind, now: Int) async throws -> SecretToken {
        let token = SecretToken.random()
        try await database.write { sql in
            try await sql.raw(
                """
                INSERT INTO sessions (token_hash, account_id, kind, created_at, last_seen_at, expires_at)
                VALUES (\(bind: token.hash), \(bind: accountId), \(bind: kind.rawValue), \(bind: now), \(bind: now),
                    \(bind: now + lifetime.absolute))
                """
            ).run()
            try await AuditLog.append(
                sql,
                at: now,
                actor: "account:\(accountId)",
                action: "session.start",
                subject: "account:\(accountId)",
                detail: kind.rawValue
            )
        }
        return token
    }

    /// The account id of a live session of an account in good standing, or nil (see `holder`).
    public func account(for token: SecretToken, kind: Kind, now: Int) async throws -> String? {
        try await holder(for: token, kind: kind, now: now)?.id
    }

    /// The account of a live session, if it is in good standing, read with the session in one query (a signed-in
    /// request then needs no second read to know who it is). Marks the session as seen at most once a minute, to
    /// spare writes.
    public func holder(for token: SecretToken, kind: Kind, now: Int) async throws -> Account? {
        let live = try await database.read { sql in
            try await sql.raw(
                """
                SELECT a.*, s.last_seen_at AS session_seen_at FROM sessions s JOIN accounts a ON a.id = s.account_id
                WHERE s.token_hash = \(bind: token.hash) AND s.kind = \(bind: kind.rawValue) AND s.revoked_at IS NULL
                    AND s.expires_at > \(bind: now) AND s.last_seen_at > \(bind: now - lifetime.idle) AND a.suspended_at IS NULL
                """
            ).first()
        }
        guard let live else { return nil }
        if try live.decode(column: "session_seen_at", as: Int.self) < now - 60 {
            try await database.write { sql in
                try await sql.raw("UPDATE sessions SET last_seen_at = \(bind: now) WHERE token_hash = \(bind: token.hash)").run()
            }
        }
        return try AccountStore.account(from: live)
    }

    public func end(_ token: SecretToken, now: Int) async throws {
        try await database.write { sql in
            try await sql.raw("UPDATE sessions SET revoked_at = \(bind: now) WHERE token_hash = \(bind: token.hash) AND revoked_at IS NULL").run()
        }
    }
}
