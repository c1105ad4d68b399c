import Crypto
import Foundation
import SQLKit

/// Makes the audit log tamper-evident: every row written since `Schema025` holds its position in one of `chains`
/// hash chains and the hash of the row before it there, its own hash covering both and every field. Changing,
/// removing or inserting a row breaks its chain at that row; cutting a chain's tail shows against the chain's head;
/// the rows from before the chain are summed up by one recorded digest.
///
/// Why several chains: an append locks its chain's head until the transaction commits, so on PostgreSQL one chain
/// would make every audited transaction of every instance wait for the one before. A transaction appends to the chain
/// of its connection (`pg_backend_pid()`), so connections rarely share one and a transaction never holds two (no
/// deadlock). SQLite has one writer: one chain.
///
/// What it cannot do alone: someone who can write the database can rewrite a whole chain from a row onward. The
/// heads `citas audit verify` prints are what an operator copies elsewhere (daily, to the log archive) to close that.
public enum AuditChain {
    static let chains = 16

    /// The fields a row's hash covers, length-prefixed so no two different rows read alike.
    struct Fields {
        let chain: Int
        let seq: Int
        let previous: String
        let at: Int
        let actor: String
        let action: String
        let subject: String
        let detail: String
        let clientAddress: String?
        let userAgent: String?

        var hash: String {
            let parts =
                [String(chain), String(seq), previous, String(at), actor, action, subject, detail]
                .map(Optional.some) + [clientAddress, userAgent]
            let text = parts.map { part in part.map { "\($0.utf8.count):\($0)" } ?? "-" }.joined(separator: "|")
            return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
        }
    }

    /// Appends one row at the head of this connection's chain, inside the caller's transaction.
    static func append(
        _ sql: any SQLDatabase,
        at: Int,
        actor: String,
        action: String,
        subject: String,
        detail: String,
        origin: RequestOrigin?
    ) async throws {
        let chain: SQLQueryString = sql.dialect.name == "postgresql" ? "pg_backend_pid() % \(unsafeRaw: String(chains))" : "0"
        guard
            let head = try await sql.raw("UPDATE audit_chain_heads SET seq = seq + 1 WHERE chain = \(chain) RETURNING chain, seq, hash").first()
        else { throw AuditChainMissing() }
        let fields = Fields(
            chain: try head.decode(column: "chain", as: Int.self),
            seq: try head.decode(column: "seq", as: Int.self),
            previous: try head.decode(column: "hash", as: String.self),
            at: at,
            actor: actor,
            action: action,
            subject: subject,
            detail: detail,
            clientAddress: origin?.address,
            userAgent: origin?.userAgent
        )
        let hash = fields.hash
        try await sql.raw(
            """
            INSERT INTO audit_log (at, actor, action, subject, detail, client_address, user_agent, chain, chain_seq, prev_hash, hash)
            VALUES (\(bind: at), \(bind: actor), \(bind: action), \(bind: subject), \(bind: detail), \(bind: fields.clientAddress),
                \(bind: fields.userAgent), \(bind: fields.chain), \(bind: fields.seq), \(bind: fields.previous), \(bind: hash))
            """
        ).run()
        try await sql.raw("UPDATE audit_chain_heads SET hash = \(bind: hash) WHERE chain = \(bind: fields.chain)").run()
    }

    /// Sums up the rows written before the chain began (in the migration's transaction), so they are covered too.
    @Sendable static func recordHistory(_ sql: any SQLDatabase) async throws {
        var digest = SHA256()
        var rows = 0
        var through = 0
        try await history(sql) { text, id in
            digest.update(data: Data(text.utf8))
            rows += 1
            through = id
        }
        try await sql.raw(
            """
            INSERT INTO audit_history (through_id, rows, digest, recorded_at)
            VALUES (\(bind: through), \(bind: rows), \(bind: hex(digest.finalize())), \(bind: Int(Date().timeIntervalSince1970)))
            """
        ).run()
    }

    /// Every row without a chain position, oldest first: the text its digest covers, and its id.
    static func history(_ sql: any SQLDatabase, _ each: (String, Int) throws -> Void) async throws {
        var after = 0
        while true {
            let page = try await sql.raw(
                """
                SELECT id, at, actor, action, subject, detail, client_address, user_agent FROM audit_log
                WHERE chain IS NULL AND id > \(bind: after) ORDER BY id LIMIT 5000
                """
            ).all().map(AuditLog.entry(from:))
            guard let last = page.last else { return }
            for entry in page {
                try each(Fields(entry, chain: -1, seq: entry.id, previous: "").hash, entry.id)
            }
            after = last.id
        }
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}

extension AuditChain.Fields {
    /// A row as read back, at its place.
    init(_ entry: AuditEntry, chain: Int, seq: Int, previous: String) {
        self.init(
            chain: chain,
            seq: seq,
            previous: previous,
            at: entry.at,
            actor: entry.actor,
            action: entry.action,
            subject: entry.subject,
            detail: entry.detail,
            clientAddress: entry.clientAddress,
            userAgent: entry.userAgent
        )
    }
}

/// The chain heads are missing: the schema is older than the code (run `citas migrate`).
struct AuditChainMissing: Error, CustomStringConvertible {
    var description: String { "the audit chain heads are missing: run `citas migrate`" }
}
