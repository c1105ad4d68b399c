import Crypto
import Foundation
import SQLKit

/// What `AuditChain.verify` found: how much it checked, each chain's head (to copy elsewhere), and the first break.
public struct AuditVerification: Sendable {
    public var chainedRows = 0
    public var historyRows = 0
    public var heads: [(chain: Int, seq: Int, hash: String)] = []
    public var firstBreak: AuditBreak?
}

/// Where a chain stops holding, and how.
public struct AuditBreak: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The row's fields no longer give its hash (edited in place).
        case altered = "row altered"
        /// The row does not continue the one before it (a row before it removed, or rows reordered).
        case unlinked = "row does not follow the one before it"
        /// A position is missing (a row removed).
        case missing = "row missing"
        /// The chain ends before its head says (its newest rows removed).
        case truncated = "newest rows missing"
        /// The rows from before the chain no longer give their recorded digest.
        case history = "rows from before the chain altered"
        /// A row written without a chain position after the chain began (written around Citas).
        case unchained = "row without a chain position"
    }

    public let kind: Kind
    public let chain: Int?
    public let position: Int?
    public let auditId: Int?

    public var description: String {
        let place = [auditId.map { "audit row \($0)" }, chain.map { "chain \($0)" }, position.map { "position \($0)" }].compactMap { $0 }
        return kind.rawValue + (place.isEmpty ? "" : " (\(place.joined(separator: ", ")))")
    }
}

extension AuditChain {
    /// Walks every chain from its start and the recorded history, and reports the first break. Safe while serving:
    /// the heads are read first and only what they cover is checked (rows appended meanwhile wait for the next run).
    public static func verify(_ database: any AppDatabase) async throws -> AuditVerification {
        try await database.read { sql in
            var result = AuditVerification()
            result.heads = try await sql.raw("SELECT chain, seq, hash FROM audit_chain_heads ORDER BY chain").all().map {
                (
                    try $0.decode(column: "chain", as: Int.self), try $0.decode(column: "seq", as: Int.self),
                    try $0.decode(column: "hash", as: String.self)
                )
            }
            for head in result.heads {
                if let found = try await walk(chain: head.chain, through: head.seq, expecting: head.hash, in: sql, counting: &result.chainedRows) {
                    result.firstBreak = found
                    return result
                }
            }
            result.firstBreak = try await checkHistory(in: sql, counting: &result.historyRows)
            return result
        }
    }

    private static func walk(
        chain: Int,
        through last: Int,
        expecting headHash: String,
        in sql: any SQLDatabase,
        counting: inout Int
    ) async throws
        -> AuditBreak?
    {
        var previous = ""
        var seq = 0
        while seq < last {
            let page = try await sql.raw(
                """
                SELECT id, at, actor, action, subject, detail, client_address, user_agent, chain_seq, prev_hash, hash FROM audit_log
                WHERE chain = \(bind: chain) AND chain_seq > \(bind: seq) AND chain_seq <= \(bind: last) ORDER BY chain_seq LIMIT 5000
                """
            ).all()
            guard !page.isEmpty else { break }
            for row in page {
                let entry = try AuditLog.entry(from: row)
                let position = try row.decode(column: "chain_seq", as: Int.self)
                guard position == seq + 1 else { return AuditBreak(kind: .missing, chain: chain, position: seq + 1, auditId: nil) }
                let stored = (prev: try row.decode(column: "prev_hash", as: String.self), hash: try row.decode(column: "hash", as: String.self))
                let fields = Fields(entry, chain: chain, seq: position, previous: stored.prev)
                guard fields.hash == stored.hash else { return AuditBreak(kind: .altered, chain: chain, position: position, auditId: entry.id) }
                guard stored.prev == previous else { return AuditBreak(kind: .unlinked, chain: chain, position: position, auditId: entry.id) }
                previous = stored.hash
                seq = position
                counting += 1
            }
        }
        guard seq == last, previous == headHash else { return AuditBreak(kind: .truncated, chain: chain, position: seq + 1, auditId: nil) }
        return nil
    }

    private static func checkHistory(in sql: any SQLDatabase, counting: inout Int) async throws -> AuditBreak? {
        guard let recorded = try await sql.raw("SELECT through_id, rows, digest FROM audit_history").first() else { return nil }
        let through = try recorded.decode(column: "through_id", as: Int.self)
        var digest = SHA256()
        var rows = 0
        var late: Int?
        try await history(sql) { text, id in
            if id <= through {
                digest.update(data: Data(text.utf8))
                rows += 1
            } else if late == nil {
                late = id
            }
        }
        counting = rows
        let expected = (rows: try recorded.decode(column: "rows", as: Int.self), digest: try recorded.decode(column: "digest", as: String.self))
        if rows != expected.rows || hex(digest.finalize()) != expected.digest {
            return AuditBreak(kind: .history, chain: nil, position: nil, auditId: nil)
        }
        if let late { return AuditBreak(kind: .unchained, chain: nil, position: nil, auditId: late) }
        return nil
    }
}
