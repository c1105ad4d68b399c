import CitasPersistence
import CitasTestSupport
import Foundation
import SQLKit
import Testing

/// The statements of a write transaction: values come back as written, a failed statement leaves the next one
/// unharmed, and SQL of many shapes does not wear the writer out (SQLite keeps prepared statements).
@Suite("Statements inside write transactions")
struct WriterStatementsTests {
    struct Written: Codable, Equatable {
        var bucket: String
        var hits: Int
    }

    @Test("Text, integers and NULL round-trip through the writer, rows come back by column name", arguments: TestDatabase.engines)
    func valuesRoundTrip(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let bucket = "ñandú ☃ \u{1F600} 'quoted' \"double\""
            let returned = try await database.write { sql in
                try await sql.raw(
                    """
                    INSERT INTO rate_counters (bucket, window_start, hits) VALUES (\(bind: bucket), \(bind: Int(Int32.max) + 7), \(bind: -3))
                    RETURNING bucket, window_start, hits
                    """
                ).first()
            }
            #expect(try returned?.decode(column: "bucket", as: String.self) == bucket)
            #expect(try returned?.decode(column: "window_start", as: Int.self) == Int(Int32.max) + 7)
            #expect(try returned?.decode(model: Written.self) == Written(bucket: bucket, hits: -3))
            #expect(try returned?.decodeNil(column: "missing") == true)
            let absent = try await database.write { sql in
                try await sql.raw("SELECT NULL AS empty, CAST(\(bind: Int?.none) AS INTEGER) AS bound").first()
            }
            #expect(try absent?.decode(column: "empty", as: String?.self) == nil)
            #expect(try absent?.decode(column: "bound", as: Int?.self) == nil)
        }
    }

    @Test("A statement that fails is reported and the same statement works again afterwards", arguments: TestDatabase.engines)
    func failureLeavesStatementUsable(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let insert: @Sendable (String) async throws -> Void = { bucket in
                try await database.write { sql in
                    try await sql.raw("INSERT INTO rate_counters (bucket, window_start, hits) VALUES (\(bind: bucket), 0, 1)").run()
                }
            }
            try await insert("once")
            await #expect(throws: (any Error).self) { try await insert("once") }
            try await insert("twice")
            let count = try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM rate_counters").first()!.decode(column: "n", as: Int.self)
            }
            #expect(count == 2)
        }
    }

    @Test("Hundreds of distinct statement texts in one transaction all run", arguments: TestDatabase.engines)
    func manyStatementShapes(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await database.write { sql in
                for n in 0..<600 {
                    // A different text each time (the literal), as a multi-row insert of varying length would be.
                    try await sql.raw("INSERT INTO rate_counters (bucket, window_start, hits) VALUES (\(bind: "s\(n)"), \(unsafeRaw: String(n)), 1)")
                        .run()
                }
            }
            let (count, top) = try await database.read { sql in
                let row = try await sql.raw("SELECT COUNT(*) AS n, MAX(window_start) AS top FROM rate_counters").first()!
                return (try row.decode(column: "n", as: Int.self), try row.decode(column: "top", as: Int.self))
            }
            #expect(count == 600 && top == 599)
        }
    }
}
