import CitasDomain
import CitasPersistence
import CitasServer
import Foundation
import SQLKit

/// Fills a database with a national year: the shipped offices, a year of slots (300 days back, 65 ahead) and
/// `appointments` appointments spread over them in proportion to each office's seats. Past ones are attended
/// (one in ten a no-show), future ones booked, each with its own CURP. Written in set-based SQL, one office at a
/// time, because 32 million rows through the stores one by one would take hours.
struct NationalYearGenerator {
    let context: AppContext
    let appointments: Int

    var database: any AppDatabase { context.database }

    /// Returns how many appointments were written.
    func generate(progress: (String) -> Void) async throws -> Int {
        _ = try await Setup.seedCatalogue(context)
        let today = LocalDate(Date(), in: TimeZone(identifier: "America/Mexico_City")!)
        try await Setup.generateSlots(context, from: today.adding(days: -300), days: 365)
        let seats = try await scalar("SELECT CAST(SUM(capacity) AS BIGINT) AS n FROM slots")
        // Capacity grows by a whole factor until the year holds the target with 15 % to spare, like a real plan.
        let factor = max(1, Int((Double(appointments) * 1.15 / Double(seats)).rounded(.up)))
        try await execute("UPDATE slots SET capacity = capacity * \(unsafeRaw: String(factor))")
        // booked = capacity × appointments / (seats × factor), rounded, in integers.
        let whole = seats * factor
        try await execute("UPDATE slots SET booked = (capacity * \(bind: appointments) + \(bind: whole / 2)) / \(bind: whole)")
        try await numbers(upTo: try await scalar("SELECT MAX(booked) AS n FROM slots"))
        var written = 0
        for office in try await context.offices.all() {
            written += try await fill(office.code, offset: written)
            progress("\(office.code): \(written) appointments")
        }
        try await execute("DROP TABLE gen_numbers")
        // Fresh statistics and visibility maps, as autovacuum (PostgreSQL) and `PRAGMA optimize` (SQLite) keep
        // them in production. VACUUM cannot run inside a transaction, so on PostgreSQL it goes through a plain read;
        // SQLite's readers are read-only, so there it is a write.
        if database.engine == .postgres {
            try await database.read { sql in try await sql.raw("VACUUM ANALYZE").run() }
        } else {
            try await execute("ANALYZE")
        }
        return written
    }

    /// One row per seat number 1…n, to join slots against.
    private func numbers(upTo n: Int) async throws {
        try await execute("CREATE TABLE gen_numbers (n INTEGER PRIMARY KEY)")
        try await execute(
            """
            INSERT INTO gen_numbers (n) WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < \(bind: n))
            SELECT n FROM seq
            """
        )
    }

    /// The appointments of one office's booked seats.
    private func fill(_ office: String, offset: Int) async throws -> Int {
        let now = Int(Date().timeIntervalSince1970)
        let number: SQLQueryString = "\(bind: offset) + ROW_NUMBER() OVER (ORDER BY s.local_date, s.local_time, g.n)"
        let padded: SQLQueryString =
            database.engine == .postgres ? "LPAD(CAST(\(number) AS TEXT), 14, '0')" : "printf('%014d', \(number))"
        return try await database.write { sql in
            try await sql.raw(
                """
                INSERT INTO appointments (folio, curp, office_code, local_date, local_time, starts_at, status, created_at, updated_at)
                SELECT 'Y' || \(padded), 'GENY' || \(padded), s.office_code, s.local_date, s.local_time, s.starts_at,
                    CASE WHEN s.starts_at >= \(bind: now) THEN 'booked' WHEN g.n % 10 = 0 THEN 'no_show' ELSE 'attended' END,
                    s.starts_at - 2592000, s.starts_at
                FROM slots s JOIN gen_numbers g ON g.n <= s.booked
                WHERE s.office_code = \(bind: office)
                """
            ).run()
            return try await sql.raw("SELECT COUNT(*) AS n FROM appointments WHERE office_code = \(bind: office)").first()!
                .decode(column: "n", as: Int.self)
        }
    }

    private func execute(_ query: SQLQueryString) async throws {
        try await database.write { sql in try await sql.raw(query).run() }
    }

    private func scalar(_ query: SQLQueryString) async throws -> Int {
        try await database.read { sql in try await sql.raw(query).first()!.decode(column: "n", as: Int.self) }
    }
}
