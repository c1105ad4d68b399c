import CitasDomain
import CitasTestSupport
import Foundation
import SQLKit
import Synchronization
import Testing

@testable import CitasPersistence

/// A backup taken while people register and book holds everything committed before it began, consistently: every
/// confirmed booking, account and audit row, seat counts that agree with the appointments, and chains that verify.
@Suite("Backup and restore")
struct BackupTests {
    static let people = 120
    static let backupAfter = 40

    @Test("A backup under write load restores whole into a fresh place", arguments: TestDatabase.engines)
    func underLoad(engine: DatabaseEngine) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("citas-backup-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try await TestDatabase.with(engine) { database in
            let clock = ManualClock(TestData.start)
            let office = TestData.office(counters: 4)
            try await OfficeStore(database: database).seed([office])
            try await SlotStore(database: database, clock: clock).generate(for: office, from: TestData.today, days: 30)
            try await Releases.open(office: office.code, database: database, clock: clock)
            let seats = try await database.read { sql in
                try await sql.raw(
                    "SELECT local_date, local_time FROM slots WHERE office_code = \(bind: office.code) AND open = 1 AND direct > 0 ORDER BY starts_at"
                ).all().map {
                    (try LocalDate($0.decode(column: "local_date", as: String.self)), try LocalTime($0.decode(column: "local_time", as: String.self)))
                }
            }
            let confirmed = Confirmed()
            let appointments = AppointmentStore(database: database, clock: clock)
            let writers = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for lane in 0..<4 {
                        group.addTask {
                            for n in stride(from: lane, to: Self.people, by: 4) {
                                let account = try await SeededAccounts.register(
                                    n,
                                    email: SeededAccounts.distinctEmail(n),
                                    database: database,
                                    now: clock.now().epoch
                                )
                                let seat = seats[n / 4]
                                let booked = try await appointments.book(
                                    BookingRequest(curp: TestData.curp(n), officeCode: office.code, date: seat.0, time: seat.1, actor: "citizen")
                                )
                                confirmed.list.withLock { $0.append((booked.folio, account)) }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            while confirmed.list.withLock({ $0.count }) < Self.backupAfter { try await Task.sleep(for: .milliseconds(5)) }
            // What was committed before the backup began must all be in it.
            let before = confirmed.list.withLock { $0 }
            let auditBefore = try await database.read { sql in
                Set(try await sql.raw("SELECT id FROM audit_log").all().map { try $0.decode(column: "id", as: Int.self) })
            }
            try await Self.backup(database, to: file)
            try await writers.value
            #expect(confirmed.list.withLock { $0.count } == Self.people)
            try await Self.restored(from: file, engine: engine) { restored in
                let folios = try await restored.read { sql in
                    Set(
                        try await sql.raw("SELECT folio FROM appointments WHERE status = 'booked'").all().map {
                            try $0.decode(column: "folio", as: String.self)
                        }
                    )
                }
                let accounts = try await restored.read { sql in
                    Set(try await sql.raw("SELECT id FROM accounts").all().map { try $0.decode(column: "id", as: String.self) })
                }
                let audit = try await restored.read { sql in
                    Set(try await sql.raw("SELECT id FROM audit_log").all().map { try $0.decode(column: "id", as: Int.self) })
                }
                #expect(before.allSatisfy { folios.contains($0.folio) && accounts.contains($0.account) })
                #expect(auditBefore.isSubset(of: audit))
                let drift = try await restored.read { sql in
                    try await sql.raw(
                        """
                        SELECT COUNT(*) AS n FROM slots s WHERE s.booked <> (SELECT COUNT(*) FROM appointments a WHERE a.office_code = s.office_code
                            AND a.local_date = s.local_date AND a.local_time = s.local_time AND a.status <> 'cancelled')
                        """
                    ).first()!.decode(column: "n", as: Int.self)
                }
                #expect(drift == 0)
                let verified = try await AuditChain.verify(restored)
                #expect(verified.firstBreak == nil && verified.chainedRows == audit.count)
            }
        }
    }

    /// What the writers saw confirmed, in order.
    final class Confirmed: Sendable {
        let list = Mutex<[(folio: String, account: String)]>([])
    }

    static func backup(_ database: any AppDatabase, to file: String) async throws {
        switch database {
        case let sqlite as SQLiteAppDatabase: try await SQLiteBackup.backup(from: sqlite.path, to: file, logger: TestDatabase.logger)
        case let postgres as PostgresAppDatabase: try PostgresBackup.backup(url: postgres.url, to: file)
        default: Issue.record("unknown engine")
        }
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
    }

    /// The backup restored into a new place, opened.
    static func restored(from file: String, engine: DatabaseEngine, _ body: (any AppDatabase) async throws -> Void) async throws {
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("citas-restore-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("citas.sqlite").path
            try await SQLiteBackup.restore(from: file, to: path, logger: TestDatabase.logger)
            let database = try await SQLiteAppDatabase.open(path: path, logger: TestDatabase.logger)
            try await database.closing { try await body(database) }
            await #expect(throws: BackupError.self) { try await SQLiteBackup.restore(from: file, to: path, logger: TestDatabase.logger) }
        case .postgres:
            try await TestDatabase.with(.postgres, migrated: false) { empty in
                guard let target = empty as? PostgresAppDatabase else { return }
                try PostgresBackup.restore(from: file, url: target.url)
                try await body(empty)
            }
        }
    }
}
