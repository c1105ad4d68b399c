import CitasPersistence
import CitasTestSupport
import Foundation
import SQLKit
import Testing

@Suite("Write transactions side by side")
struct GroupCommitTests {
    struct Refused: Error {}

    @Test("Concurrent writes: those that throw after writing leave nothing, the others all commit", arguments: TestDatabase.engines)
    func failuresUndoOnlyThemselves(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for n in 0..<200 {
                    group.addTask {
                        do {
                            try await database.write { sql in
                                try await sql.raw("INSERT INTO rate_counters (bucket, window_start, hits) VALUES (\(bind: "t\(n)"), 0, 1)").run()
                                if n % 3 == 0 { throw Refused() }
                            }
                            return true
                        } catch {
                            return false
                        }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            let kept = try await database.read { sql in
                try await sql.raw("SELECT bucket FROM rate_counters WHERE bucket LIKE 't%'").all().map {
                    try $0.decode(column: "bucket", as: String.self)
                }
            }
            #expect(outcomes.filter { $0 }.count == 133)
            #expect(Set(kept) == Set((0..<200).filter { $0 % 3 != 0 }.map { "t\($0)" }))
        }
    }

    @Test("Concurrent transactions: one that breaks a constraint fails alone", arguments: TestDatabase.engines)
    func constraintFailureInABatch(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await database.write { sql in try await sql.raw("INSERT INTO rate_counters (bucket, window_start, hits) VALUES ('dup', 0, 1)").run() }
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for n in 0..<20 {
                    group.addTask {
                        let bucket = n % 2 == 0 ? "dup" : "u\(n)"
                        return
                            (try? await database.write { sql in
                                try await sql.raw("INSERT INTO rate_counters (bucket, window_start, hits) VALUES (\(bind: bucket), 0, 1)").run()
                            }) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 10)
            let count = try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM rate_counters").first()!.decode(column: "n", as: Int.self)
            }
            #expect(count == 11)
        }
    }
}
