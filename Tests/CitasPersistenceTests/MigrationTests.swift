import CitasTestSupport
import SQLKit
import Testing

@testable import CitasPersistence

@Suite("Migrations")
struct MigrationTests {
    @Test("From empty, then again as a no-op", arguments: TestDatabase.engines)
    func fromEmptyTwice(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine, migrated: false) { database in
            let migrator = Migrator(database: database)
            #expect(try await migrator.migrate(now: 1) == Migrations.all.map(\.version))
            #expect(try await migrator.migrate(now: 2) == [])
            let versions = try await database.read { sql in
                try await sql.raw("SELECT version FROM schema_migrations").all().map { try $0.decode(column: "version", as: Int.self) }
            }
            #expect(versions.sorted() == Migrations.all.map(\.version))
        }
    }

    @Test("Concurrent runs all succeed and apply each version once", arguments: TestDatabase.engines)
    func concurrentRuns(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine, migrated: false) { database in
            let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                for n in 0..<4 { group.addTask { try await Migrator(database: database).migrate(now: n) } }
                return try await group.reduce(into: [Int]()) { $0 += $1 }
            }
            #expect(applied.sorted() == Migrations.all.map(\.version))
        }
    }
}
