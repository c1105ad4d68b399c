/// Where each audited event came from, and where each account was registered from (a farm signal).
enum Schema006 {
    static let migration = Migration(version: 6, name: "audit_origin") { _ in
        [
            "ALTER TABLE audit_log ADD COLUMN client_address TEXT NULL",
            "ALTER TABLE audit_log ADD COLUMN user_agent TEXT NULL",
            "ALTER TABLE accounts ADD COLUMN registered_from TEXT NULL",
            "CREATE INDEX accounts_by_origin ON accounts (registered_from)",
        ]
    }
}
