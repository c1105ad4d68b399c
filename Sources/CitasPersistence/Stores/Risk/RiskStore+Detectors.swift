import CitasDomain
import SQLKit

/// The detectors: each reads one account's neighbourhood and turns a count into points beyond what honest chance
/// explains.
extension RiskStore {
    struct Facts {
        let curp: String
        let relay: Bool
        let address: String?
        let family: String?
    }

    static func facts(_ accountId: String, in sql: any SQLDatabase) async throws -> Facts? {
        try await sql.raw("SELECT curp, relay_email, registered_from, email_family FROM accounts WHERE id = \(bind: accountId)")
            .first()
            .map { row in
                Facts(
                    curp: try row.decode(column: "curp", as: String.self),
                    relay: try row.decode(column: "relay_email", as: Int.self) != 0,
                    address: try row.decode(column: "registered_from", as: String?.self),
                    family: try row.decode(column: "email_family", as: String?.self)
                )
            }
    }

    static func sharedAddress(_ address: String, in sql: any SQLDatabase) async throws -> RiskSignal {
        let count = try await count("SELECT COUNT(*) AS n FROM accounts WHERE registered_from = \(bind: address)", in: sql)
        return RiskSignal(kind: .sharedAddress, points: max(0, count - accountsPerAddressAllowed), evidence: "\(count) accounts from \(address)")
    }

    static func emailFamily(_ family: String, in sql: any SQLDatabase) async throws -> RiskSignal {
        let count = try await count("SELECT COUNT(*) AS n FROM accounts WHERE email_family = \(bind: family)", in: sql)
        return RiskSignal(kind: .emailFamily, points: max(0, count - accountsPerFamilyAllowed), evidence: "\(count) accounts like \(family)")
    }

    static func identityRefusals(_ address: String, since: Int, in sql: any SQLDatabase) async throws -> RiskSignal {
        let count = try await count(
            "SELECT COUNT(*) AS n FROM identity_refusals WHERE client_address = \(bind: address) AND at >= \(bind: since)",
            in: sql
        )
        return RiskSignal(
            kind: .identityRefusals,
            points: min(5, max(0, count - refusalsAllowed)),
            evidence: "\(count) CURP mismatches from \(address) in 30 days"
        )
    }

    /// Direct bookings (not draw allotments) made within `burstSeconds` of the seat's release: a freed seat's
    /// return, or the end of the draw that opened the day.
    static func releaseBursts(curp: String, in sql: any SQLDatabase) async throws -> RiskSignal {
        let count = try await count(
            """
            SELECT COUNT(*) AS n FROM appointments a
            WHERE a.curp = \(bind: curp)
                AND NOT EXISTS (SELECT 1 FROM draw_requests q WHERE q.folio = a.folio)
                AND (EXISTS (SELECT 1 FROM seat_releases r WHERE r.office_code = a.office_code AND r.local_date = a.local_date
                        AND r.local_time = a.local_time AND r.released_at IS NOT NULL
                        AND a.created_at >= r.released_at AND a.created_at < r.released_at + \(bind: burstSeconds))
                    OR EXISTS (SELECT 1 FROM draws d WHERE d.office_code = a.office_code AND d.local_date = a.local_date
                        AND d.drawn_at IS NOT NULL AND a.created_at >= d.drawn_at AND a.created_at < d.drawn_at + \(bind: burstSeconds)))
            """,
            in: sql
        )
        return RiskSignal(kind: .releaseBurst, points: max(0, count - 1), evidence: "\(count) bookings within \(burstSeconds) s of a release")
    }

    /// Pairs where one person cancelled and another booked the same slot within `handoffSeconds` of the seat's
    /// return (or of the cancellation, if it never waited). Both sides of a pair get the points; each side is its
    /// own query so each can use the index on `curp`.
    static func handoffs(curp: String, in sql: any SQLDatabase) async throws -> RiskSignal {
        var count = 0
        for side in ["c", "b"] {
            count += try await Self.count(
                """
                SELECT COUNT(*) AS n FROM appointments c
                JOIN appointments b ON b.office_code = c.office_code AND b.local_date = c.local_date AND b.local_time = c.local_time
                    AND b.curp <> c.curp AND b.created_at >= c.updated_at
                LEFT JOIN seat_releases r ON r.office_code = c.office_code AND r.local_date = c.local_date
                    AND r.local_time = c.local_time AND r.freed_at = c.updated_at
                WHERE \(unsafeRaw: side).curp = \(bind: curp) AND c.status = 'cancelled'
                    AND b.created_at < COALESCE(r.released_at, c.updated_at) + \(bind: handoffSeconds)
                """,
                in: sql
            )
        }
        return RiskSignal(kind: .handoff, points: 2 * count, evidence: "\(count) cancel-then-book pairs")
    }

    private static func count(_ query: SQLQueryString, in sql: any SQLDatabase) async throws -> Int {
        try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
