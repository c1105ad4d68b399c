import CitasDomain
import CitasTestSupport
import SQLKit
import Testing

@testable import CitasPersistence

/// The audit log's hash chains: concurrent writers never fork a chain, and a row changed, removed or slipped in
/// around the append-only triggers is found by the verifier at that row.
@Suite("Audit chain")
struct AuditChainTests {
    /// 40 transactions at once, each writing two rows.
    static func write(_ database: any AppDatabase) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<40 {
                group.addTask {
                    try await database.write { sql in
                        for part in 0..<2 {
                            try await AuditLog.append(
                                sql,
                                at: TestData.start.epoch + n,
                                actor: "test",
                                action: "test.write",
                                subject: "n:\(n)",
                                detail: "part \(part)"
                            )
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Runs `statement` with the append-only triggers out of the way, as someone with the database's password could.
    static func tamper(_ database: any AppDatabase, _ statement: String) async throws {
        try await database.write { sql in
            switch database.engine {
            case .sqlite:
                try await sql.raw("DROP TRIGGER IF EXISTS audit_log_no_update").run()
                try await sql.raw("DROP TRIGGER IF EXISTS audit_log_no_delete").run()
            case .postgres:
                try await sql.raw("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only").run()
            }
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    static func newest(_ database: any AppDatabase) async throws -> (id: Int, chain: Int, seq: Int) {
        try await database.read { sql in
            let row = try await sql.raw("SELECT id, chain, chain_seq FROM audit_log WHERE chain IS NOT NULL ORDER BY id DESC").first()!
            return (
                try row.decode(column: "id", as: Int.self), try row.decode(column: "chain", as: Int.self),
                try row.decode(column: "chain_seq", as: Int.self)
            )
        }
    }

    @Test("Concurrent writers keep every chain whole", arguments: TestDatabase.engines)
    func concurrent(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Self.write(database)
            let verified = try await AuditChain.verify(database)
            #expect(verified.firstBreak == nil && verified.chainedRows == 80)
            #expect(verified.heads.count == AuditChain.chains && verified.heads.map(\.seq).reduce(0, +) == 80)
        }
    }

    @Test("A row edited in place is found at that row", arguments: TestDatabase.engines)
    func altered(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Self.write(database)
            let victim = try await database.read { sql in
                try await sql.raw("SELECT id FROM audit_log WHERE subject = 'n:17' ORDER BY id").first()!.decode(column: "id", as: Int.self)
            }
            try await Self.tamper(database, "UPDATE audit_log SET detail = 'part 9' WHERE id = \(victim)")
            let found = try await AuditChain.verify(database).firstBreak
            #expect(found?.kind == .altered && found?.auditId == victim)
        }
    }

    @Test("A removed row, a cut tail and a row slipped in without the chain are found", arguments: TestDatabase.engines)
    func removed(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Self.write(database)
            let newest = try await Self.newest(database)
            try await Self.tamper(database, "DELETE FROM audit_log WHERE id = \(newest.id)")
            let cut = try await AuditChain.verify(database).firstBreak
            #expect(cut == AuditBreak(kind: .truncated, chain: newest.chain, position: newest.seq, auditId: nil))
            let middle = try await database.read { sql in
                try await sql.raw("SELECT id, chain, chain_seq FROM audit_log WHERE chain = \(bind: newest.chain) AND chain_seq = 1").first()
            }
            if let middle, newest.seq > 2 {
                try await Self.tamper(database, "DELETE FROM audit_log WHERE id = \(try middle.decode(column: "id", as: Int.self))")
                let gap = try await AuditChain.verify(database).firstBreak
                #expect(gap?.kind == .missing && gap?.chain == newest.chain && gap?.position == 1)
            }
        }
        try await TestDatabase.with(engine) { database in
            try await Self.write(database)
            try await Self.tamper(database, "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (1, 'x', 'appointment.book', 's', '')")
            let slipped = try await AuditChain.verify(database).firstBreak
            #expect(slipped?.kind == .unchained)
        }
    }
}

extension AuditChainTests {
    @Test("Rows written before the chain began are covered by the digest recorded when it began", arguments: TestDatabase.engines)
    func history(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine, migrated: false) { database in
            try await Migrator(database: database).migrate(now: 1, through: 24)
            try await database.write { sql in
                for n in 0..<3 {
                    try await sql.raw(
                        "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (\(bind: n), 'citizen', 'appointment.book', \(bind: "s:\(n)"), '')"
                    ).run()
                }
            }
            try await Migrator(database: database).migrate(now: 2)
            try await Self.write(database)
            let verified = try await AuditChain.verify(database)
            #expect(verified.firstBreak == nil && verified.historyRows == 3 && verified.chainedRows == 80)
            try await Self.tamper(database, "UPDATE audit_log SET actor = 'staff' WHERE subject = 's:1'")
            #expect(try await AuditChain.verify(database).firstBreak?.kind == .history)
        }
    }
}
