import SQLKit

/// What a restored database holds, said in a line an operator compares with what they expected.
public struct BackupSummary: Sendable, Equatable, CustomStringConvertible {
    public let schemaVersion: Int
    public let accounts: Int
    public let liveAppointments: Int
    public let appointments: Int
    public let auditRows: Int

    public var description: String {
        "schema \(schemaVersion), \(accounts) accounts, \(appointments) appointments (\(liveAppointments) live), \(auditRows) audit rows"
    }

    public static func read(_ database: any AppDatabase) async throws -> BackupSummary {
        try await database.read { sql in
            func count(_ query: SQLQueryString) async throws -> Int {
                try await sql.raw(query).first()?.decode(column: "n", as: Int?.self) ?? 0
            }
            return BackupSummary(
                schemaVersion: try await count("SELECT MAX(version) AS n FROM schema_migrations"),
                accounts: try await count("SELECT COUNT(*) AS n FROM accounts"),
                liveAppointments: try await count("SELECT COUNT(*) AS n FROM appointments WHERE status IN ('booked', 'checked_in')"),
                appointments: try await count("SELECT COUNT(*) AS n FROM appointments"),
                auditRows: try await count("SELECT COUNT(*) AS n FROM audit_log")
            )
        }
    }
}
