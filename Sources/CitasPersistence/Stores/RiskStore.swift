import SQLKit

/// Signals that an account may belong to a farm, summed into a score. The score makes the account's proofs of
/// work harder (each point one more bit, i.e. twice the work) and ranks the staff review queue.
public struct RiskStore: Sendable {
    /// Accounts registered from one address before each further one counts against all of them.
    public static let accountsPerAddressAllowed = 3

    let database: any AppDatabase

    public init(database: any AppDatabase) {
        self.database = database
    }

    /// 2 for a relay address, plus 1 for every account beyond the allowed few registered from the same address.
    public func score(accountId: String) async throws -> Int {
        try await database.read { sql in
            guard
                let row = try await sql.raw(
                    """
                    SELECT a.relay_email,
                        (SELECT COUNT(*) FROM accounts b WHERE b.registered_from = a.registered_from) AS siblings
                    FROM accounts a WHERE a.id = \(bind: accountId)
                    """
                ).first()
            else { return 0 }
            let relay = try row.decode(column: "relay_email", as: Int.self) != 0 ? 2 : 0
            let crowd = max(0, try row.decode(column: "siblings", as: Int.self) - Self.accountsPerAddressAllowed)
            return relay + crowd
        }
    }
}
