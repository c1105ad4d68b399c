/// The procedure and validity a person chose after logging in; booking pages show its documents and fee.
enum Schema008 {
    static let migration = Migration(version: 8, name: "account_procedure") { _ in
        [
            "ALTER TABLE accounts ADD COLUMN procedure TEXT NULL CHECK (procedure IN ('first', 'renewal', 'minor', 'lost'))",
            "ALTER TABLE accounts ADD COLUMN validity_years INTEGER NULL CHECK (validity_years IN (1, 3, 6, 10))",
        ]
    }
}
