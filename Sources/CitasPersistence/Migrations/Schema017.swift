/// Citizens' reports of resellers ("gestores"): what they saw, where, and whom it names, waiting in the staff review
/// queue until a reviewer dismisses it or acts on it (who and when, in the row and the audit log).
enum Schema017 {
    static let migration = Migration(version: 17, name: "reseller_reports") { engine in
        [
            """
            CREATE TABLE reseller_reports (
                id \(engine.identityKey),
                created_at BIGINT NOT NULL,
                description TEXT NOT NULL,
                subject TEXT NOT NULL DEFAULT '',
                location TEXT NOT NULL DEFAULT '',
                contact TEXT NOT NULL DEFAULT '',
                language TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'acted')),
                handled_by TEXT,
                handled_at BIGINT
            )
            """,
            "CREATE INDEX reseller_reports_open ON reseller_reports (created_at) WHERE status = 'open'",
        ]
    }
}
