import CitasDomain
import SQLKit

/// The detectors: each reads one account's neighbourhood and turns a count into points beyond what honest chance
/// explains. All of them are correlated subqueries of one statement, so scoring an account is one round trip
/// (a booking flood asks for the scores of accounts no instance has seen yet).
extension RiskStore {
    /// One account's facts and what each detector counted.
    struct Counts {
        let curp: String
        let relay: Bool
        let address: String?
        let family: String?
        let accountsAtAddress: Int
        let accountsInFamily: Int
        let refusalsAtAddress: Int
        let releaseBursts: Int
        let handoffs: Int
        let householdSurnames: Int
        let householdLateAdds: Int
        let householdRemovals: Int
    }

    static func counts(_ accountId: String, refusalsSince since: Int, in sql: any SQLDatabase) async throws -> Counts? {
        try await sql.raw(
            """
            SELECT x.curp, x.relay_email, x.registered_from, x.email_family,
                (SELECT COUNT(*) FROM accounts y WHERE y.registered_from = x.registered_from) AS at_address,
                (SELECT COUNT(*) FROM accounts y WHERE y.email_family = x.email_family) AS in_family,
                (SELECT COUNT(*) FROM identity_refusals r WHERE r.client_address = x.registered_from AND r.at >= \(bind: since)) AS refusals,
                (\(releaseBursts)) AS bursts,
                (\(handoffs(side: "c"))) + (\(handoffs(side: "b"))) AS handoffs,
                (SELECT COUNT(*) FROM dependents d WHERE d.account_id = x.id AND d.document_note <> '') AS household_surnames,
                (SELECT COUNT(*) FROM dependents d WHERE d.account_id = x.id AND EXISTS (
                    SELECT 1 FROM standing_requests s WHERE s.curp = d.curp AND s.created_at >= d.added_at
                        AND s.created_at < d.added_at + \(bind: householdLateAddSeconds))) AS household_late_adds,
                (SELECT COUNT(*) FROM dependents d WHERE d.account_id = x.id AND d.removed_at IS NOT NULL AND EXISTS (
                    SELECT 1 FROM appointments a WHERE a.curp = d.curp AND a.created_at >= d.added_at
                        AND a.created_at <= d.removed_at)) AS household_removals
            FROM accounts x WHERE x.id = \(bind: accountId)
            """
        ).first().map { row in
            Counts(
                curp: try row.decode(column: "curp", as: String.self),
                relay: try row.decode(column: "relay_email", as: Int.self) != 0,
                address: try row.decode(column: "registered_from", as: String?.self),
                family: try row.decode(column: "email_family", as: String?.self),
                accountsAtAddress: try row.decode(column: "at_address", as: Int.self),
                accountsInFamily: try row.decode(column: "in_family", as: Int.self),
                refusalsAtAddress: try row.decode(column: "refusals", as: Int.self),
                releaseBursts: try row.decode(column: "bursts", as: Int.self),
                handoffs: try row.decode(column: "handoffs", as: Int.self),
                householdSurnames: try row.decode(column: "household_surnames", as: Int.self),
                householdLateAdds: try row.decode(column: "household_late_adds", as: Int.self),
                householdRemovals: try row.decode(column: "household_removals", as: Int.self)
            )
        }
    }

    /// The signals the counts amount to (address and family signals only for accounts that have them).
    static func signals(_ counts: Counts) -> [RiskSignal] {
        var signals = [RiskSignal]()
        if counts.relay { signals.append(RiskSignal(kind: .relayEmail, points: 2, count: 1)) }
        if let address = counts.address {
            let (accounts, refusals) = (counts.accountsAtAddress, counts.refusalsAtAddress)
            signals.append(
                RiskSignal(
                    kind: .sharedAddress,
                    points: max(0, accounts - accountsPerAddressAllowed),
                    count: accounts,
                    key: address
                )
            )
            signals.append(
                RiskSignal(
                    kind: .identityRefusals,
                    points: min(5, max(0, refusals - refusalsAllowed)),
                    count: refusals,
                    key: address
                )
            )
        }
        if let family = counts.family {
            let accounts = counts.accountsInFamily
            signals.append(
                RiskSignal(kind: .emailFamily, points: max(0, accounts - accountsPerFamilyAllowed), count: accounts, key: family)
            )
        }
        signals.append(
            RiskSignal(
                kind: .releaseBurst,
                points: max(0, counts.releaseBursts - 1),
                count: counts.releaseBursts
            )
        )
        signals.append(RiskSignal(kind: .handoff, points: 2 * counts.handoffs, count: counts.handoffs))
        signals.append(
            RiskSignal(
                kind: .householdSurnames,
                points: counts.householdSurnames,
                count: counts.householdSurnames
            )
        )
        // A parent adds a child and asks for a seat the same day: two such members are a family, more a pattern.
        signals.append(
            RiskSignal(
                kind: .householdLateAdds,
                points: max(0, counts.householdLateAdds - 2),
                count: counts.householdLateAdds
            )
        )
        signals.append(
            RiskSignal(
                kind: .householdRemovals,
                points: 2 * counts.householdRemovals,
                count: counts.householdRemovals
            )
        )
        return signals
    }

    /// Direct bookings (not allotments) of the account's CURP made within `burstSeconds` of an allocation at that
    /// office: the moment an allocation opens its leftovers is when a poller strikes.
    private static var releaseBursts: SQLQueryString {
        """
        SELECT COUNT(*) FROM appointments a
        WHERE a.curp = x.curp AND a.channel <> 'draw'
            AND EXISTS (SELECT 1 FROM allocations g WHERE g.office_code = a.office_code AND g.ran_at IS NOT NULL
                AND a.created_at >= g.ran_at AND a.created_at < g.ran_at + \(bind: burstSeconds))
        """
    }

    /// Pairs where one person cancelled and another booked the same slot within `handoffSeconds` of the first
    /// allocation at that office after the cancellation (or of the cancellation, if none ran yet), with the account on
    /// `side` ("c" cancelled, "b" booked). Both sides of a pair get the points; each side is its own count so each can
    /// use the index on `curp`.
    private static func handoffs(side: String) -> SQLQueryString {
        """
        SELECT COUNT(*) FROM appointments c
        JOIN appointments b ON b.office_code = c.office_code AND b.local_date = c.local_date AND b.local_time = c.local_time
            AND b.curp <> c.curp AND b.created_at >= c.updated_at
        WHERE \(unsafeRaw: side).curp = x.curp AND c.status = 'cancelled'
            AND b.created_at < COALESCE(
                (SELECT MIN(g.ran_at) FROM allocations g WHERE g.office_code = c.office_code AND g.ran_at > c.updated_at), c.updated_at)
                + \(bind: handoffSeconds)
        """
    }
}
