import ArgumentParser
import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import SQLKit

/// `citas-bench outbox`: what claiming the next message costs beside a growing pile of sent mail (the claim must
/// walk only unsent mail). For each size, on each engine: that many sent rows written set-based, 200 messages
/// queued, then each claimed and marked sent one after the other, timed.
struct OutboxClaims: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outbox", abstract: "Outbox claim latency beside many sent messages.")

    @Option(help: "Sent messages already in the table (repeatable).") var sent: [Int] = [10_000, 10_000_000]
    @Option(help: "Messages queued and claimed, timed.") var claims = 200

    func run() async throws {
        print(LoadTable.header)
        for engine in TestDatabase.engines {
            for size in sent {
                let line = try await TestDatabase.with(engine) { database in try await measure(database, sent: size) }
                print(LoadTable.line(engine: engine.rawValue, line))
            }
        }
    }

    private func measure(_ database: any AppDatabase, sent size: Int) async throws -> LoadSummary {
        let now = Int(Date().timeIntervalSince1970)
        try await database.write { sql in
            try await sql.raw(
                """
                INSERT INTO outbox (kind, recipient, subject, body, created_at, next_attempt_at, attempts, sent_at)
                WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < \(bind: size))
                SELECT 'bench', 'sent@example.com', 'sent', '', \(bind: now), \(bind: now), 1, \(bind: now) FROM seq
                """
            ).run()
            for n in 0..<claims {
                try await sql.raw(
                    """
                    INSERT INTO outbox (kind, recipient, subject, body, created_at, next_attempt_at)
                    VALUES ('bench', \(bind: "p\(n)@example.com"), 'queued', 'body', \(bind: now), \(bind: now))
                    """
                ).run()
            }
        }
        if database.engine == .postgres {
            try await database.read { sql in try await sql.raw("VACUUM ANALYZE outbox").run() }
        } else {
            try await database.write { sql in try await sql.raw("ANALYZE").run() }
        }
        let outbox = OutboxStore(database: database, seal: TestData.seal)
        let recorder = LoadRecorder()
        let start = ContinuousClock.now
        for _ in 0..<claims {
            let began = ContinuousClock.now
            guard let message = try await outbox.claimNext(now: now + 1, lease: 60) else { break }
            try await outbox.markSent(id: message.id, now: now + 1)
            recorder.record(ContinuousClock.now - began, error: nil)
            recorder.succeeded()
        }
        return recorder.summary("claim + mark sent beside \(size) sent", seconds: (ContinuousClock.now - start).seconds)
    }
}
