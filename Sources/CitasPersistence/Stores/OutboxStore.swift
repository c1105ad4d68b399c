import CitasDomain
import SQLKit

/// A message claimed for delivery.
public struct OutboxMessage: Sendable, Hashable {
    public let id: Int
    public let mail: OutgoingMail
    public let createdAt: Int
    public let attempts: Int

    public init(id: Int, mail: OutgoingMail, createdAt: Int, attempts: Int) {
        self.id = id
        self.mail = mail
        self.createdAt = createdAt
        self.attempts = attempts
    }
}

/// The outbox: messages are written in the transaction of the event that causes them, then delivered by a
/// service that claims one at a time with a lease, so instances never send the same message concurrently and a
/// crashed sender's message is picked up again when its lease runs out. A body that carries a bearer link waits
/// sealed (`SecretSeal`), and every body is forgotten once sent: the table never holds a usable token.
public struct OutboxStore: Sendable {
    let database: any AppDatabase
    let seal: SecretSeal

    public init(database: any AppDatabase, seal: SecretSeal) {
        self.database = database
        self.seal = seal
    }

    /// Queues `mail` in the caller's transaction; `seal` when its body holds a link that acts for the recipient.
    static func enqueue(_ mail: OutgoingMail, now: Int, sealedBy seal: SecretSeal? = nil, in sql: any SQLDatabase) async throws {
        let body = try seal?.seal(mail.body) ?? mail.body
        try await sql.raw(
            """
            INSERT INTO outbox (kind, recipient, subject, body, folio, created_at, next_attempt_at)
            VALUES (\(bind: mail.kind), \(bind: mail.recipient), \(bind: mail.subject), \(bind: body), \(bind: mail.folio), \(bind: now), \(bind: now))
            """
        ).run()
    }

    /// Claims the oldest due message for `lease` seconds, or returns nil when none is due. A sealed body comes back
    /// opened; one that cannot be opened throws `SecretSealError` after recording why and putting it off a day.
    public func claimNext(now: Int, lease: Int) async throws -> OutboxMessage? {
        let skipLocked = database.engine == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let claimed = try await database.write { sql in
            try await sql.raw(
                """
                UPDATE outbox SET claimed_until = \(bind: now + lease), attempts = attempts + 1
                WHERE id = (
                    SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= \(bind: now)
                        AND (claimed_until IS NULL OR claimed_until < \(bind: now))
                    ORDER BY id LIMIT 1\(unsafeRaw: skipLocked))
                  AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < \(bind: now))
                RETURNING id, kind, recipient, subject, body, folio, created_at, attempts
                """
            ).first().map { row in
                OutboxMessage(
                    id: try row.decode(column: "id", as: Int.self),
                    mail: OutgoingMail(
                        kind: try row.decode(column: "kind", as: String.self),
                        recipient: try row.decode(column: "recipient", as: String.self),
                        subject: try row.decode(column: "subject", as: String.self),
                        body: try row.decode(column: "body", as: String.self),
                        folio: try row.decode(column: "folio", as: String?.self)
                    ),
                    createdAt: try row.decode(column: "created_at", as: Int.self),
                    attempts: try row.decode(column: "attempts", as: Int.self)
                )
            }
        }
        guard let claimed else { return nil }
        let body: String
        do {
            body = try seal.open(claimed.mail.body)
        } catch {
            // Sealed under a key two rotations ago: it can never be sent; keep it out of the queue's way, say why.
            try await markFailed(id: claimed.id, error: "\(error)", retryAt: now + 86_400)
            throw error
        }
        let mail = OutgoingMail(
            kind: claimed.mail.kind,
            recipient: claimed.mail.recipient,
            subject: claimed.mail.subject,
            body: body,
            folio: claimed.mail.folio
        )
        return OutboxMessage(id: claimed.id, mail: mail, createdAt: claimed.createdAt, attempts: claimed.attempts)
    }

    /// Records the delivery and forgets the body: what was sent lives in the recipient's mailbox, not here.
    public func markSent(id: Int, now: Int) async throws {
        try await database.write { sql in
            try await sql.raw("UPDATE outbox SET sent_at = \(bind: now), claimed_until = NULL, body = '' WHERE id = \(bind: id)").run()
        }
    }

    /// Deletes sent messages older than `before` (the retention period); returns how many.
    @discardableResult
    public func prune(sentBefore before: Int) async throws -> Int {
        try await database.write { sql in
            try await sql.raw("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < \(bind: before) RETURNING id").all().count
        }
    }

    /// Releases the claim and schedules the next attempt.
    public func markFailed(id: Int, error: String, retryAt: Int) async throws {
        try await database.write { sql in
            try await sql.raw(
                """
                UPDATE outbox SET claimed_until = NULL, next_attempt_at = \(bind: retryAt), last_error = \(bind: String(error.prefix(500)))
                WHERE id = \(bind: id) AND sent_at IS NULL
                """
            ).run()
        }
    }

    /// Messages not yet sent (for tests and the operator's view).
    public func pendingCount() async throws -> Int {
        try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL").first()!.decode(column: "n", as: Int.self)
        }
    }

    /// What waits to be sent, for monitoring: how many messages and when the oldest was queued (nil when none).
    public func backlog() async throws -> (unsent: Int, oldestQueuedAt: Int?) {
        try await database.read { sql in
            let row = try await sql.raw("SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE sent_at IS NULL").first()!
            return (try row.decode(column: "n", as: Int.self), try row.decode(column: "oldest", as: Int?.self))
        }
    }
}
