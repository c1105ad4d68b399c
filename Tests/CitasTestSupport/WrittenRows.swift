import CitasPersistence
import SQLKit

/// Rows in the tables (and booked seats) a request could write to; used to prove a refused request changed nothing.
public func writtenRows(_ database: any AppDatabase) async throws -> Int {
    try await database.read { sql in
        var total = 0
        for table in ["appointments", "audit_log", "accounts", "outbox", "sessions", "account_tokens"] {
            total += try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()!.decode(column: "n", as: Int.self)
        }
        // The fixture's own launch draws are audited too; they are setup, not something a request wrote.
        total -= try await sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'allocation.run'").first()!.decode(column: "n", as: Int.self)
        total += try await sql.raw("SELECT COUNT(*) AS n FROM payments WHERE paid_centavos IS NOT NULL").first()!.decode(column: "n", as: Int.self)
        let seats = "SELECT CAST(COALESCE(SUM(booked), 0) AS BIGINT) AS n FROM slots"
        return total + (try await sql.raw(SQLQueryString(seats)).first()!.decode(column: "n", as: Int.self))
    }
}
