import SQLKit

/// One row of the append-only audit log.
public struct AuditEntry: Sendable, Hashable {
    public let id: Int
    public let at: Int
    public let actor: String
    public let action: String
    public let subject: String
    public let detail: String
    public let clientAddress: String?
    public let userAgent: String?
}

/// Where a request came from. Set once per request by the server; every audit row written while handling it
/// records it, without threading it through every store call.
public struct RequestOrigin: Sendable, Hashable {
    public let address: String
    public let userAgent: String?

    public init(address: String, userAgent: String?) {
        self.address = address
        self.userAgent = userAgent.map { String($0.prefix(300)) }
    }
}

/// Writes and reads the audit log. Writes happen inside the transaction of the change they record,
/// so a change and its audit row commit or vanish together; triggers refuse UPDATE and DELETE, and each row is
/// chained to the one before (`AuditChain`), so a change made around the triggers shows.
public enum AuditLog {
    /// The origin of the request being handled, if any (background jobs have none).
    @TaskLocal public static var origin: RequestOrigin?

    static func append(
        _ sql: any SQLDatabase,
        at: Int,
        actor: String,
        action: String,
        subject: String,
        detail: String = ""
    )
        async throws
    {
        try await AuditChain.append(sql, at: at, actor: actor, action: action, subject: subject, detail: detail, origin: origin)
    }

    /// Every entry about `subject` (e.g. `appointment:ABCD234567`), oldest first.
    public static func entries(about subject: String, in database: any AppDatabase) async throws -> [AuditEntry] {
        try await database.read { sql in
            try await sql.raw(
                "SELECT id, at, actor, action, subject, detail, client_address, user_agent FROM audit_log WHERE subject = \(bind: subject) ORDER BY id"
            )
            .all()
            .map(entry(from:))
        }
    }

    static func entry(from row: any SQLRow) throws -> AuditEntry {
        AuditEntry(
            id: try row.decode(column: "id", as: Int.self),
            at: try row.decode(column: "at", as: Int.self),
            actor: try row.decode(column: "actor", as: String.self),
            action: try row.decode(column: "action", as: String.self),
            subject: try row.decode(column: "subject", as: String.self),
            detail: try row.decode(column: "detail", as: String.self),
            clientAddress: try row.decode(column: "client_address", as: String?.self),
            userAgent: try row.decode(column: "user_agent", as: String?.self)
        )
    }
}
