/// Households: an account holder's dependents (minors, and adults under guardianship), each with their own CURP.
/// `curp_owners` is the one registry of who holds each CURP: its primary key makes a CURP an account holder or one
/// account's dependent, never both and never two accounts' — whichever of two concurrent writers comes second fails.
enum Schema018 {
    static let migration = Migration(version: 18, name: "dependents") { engine in
        [
            """
            CREATE TABLE curp_owners (
                curp TEXT NOT NULL CONSTRAINT curp_owners_pkey PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts (id),
                role TEXT NOT NULL CHECK (role IN ('holder', 'dependent'))
            )
            """,
            "INSERT INTO curp_owners (curp, account_id, role) SELECT curp, id, 'holder' FROM accounts",
            "CREATE INDEX curp_owners_account ON curp_owners (account_id)",
            """
            CREATE TABLE dependents (
                id \(engine.identityKey),
                account_id TEXT NOT NULL REFERENCES accounts (id),
                curp TEXT NOT NULL,
                paternal_surname TEXT NOT NULL,
                maternal_surname TEXT NOT NULL,
                given_names TEXT NOT NULL,
                birth_date TEXT NOT NULL,
                sex TEXT NOT NULL CHECK (sex IN ('H', 'M', 'X')),
                birth_state TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('minor', 'ward')),
                guardianship_reason TEXT NOT NULL DEFAULT '',
                second_parent_name TEXT NOT NULL DEFAULT '',
                second_parent_curp TEXT NOT NULL DEFAULT '',
                document_note TEXT NOT NULL DEFAULT '',
                added_at BIGINT NOT NULL,
                removed_at BIGINT
            )
            """,
            "CREATE UNIQUE INDEX dependents_one_live_per_curp ON dependents (curp) WHERE removed_at IS NULL",
            "CREATE INDEX dependents_account ON dependents (account_id, added_at)",
        ]
    }
}
