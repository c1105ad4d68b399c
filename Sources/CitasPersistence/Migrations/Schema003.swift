/// Fair re-release: appointments count their reschedules; freed seats wait in `seat_releases` until a random
/// instant before they are bookable again.
enum Schema003 {
    static let migration = Migration(version: 3, name: "reschedules_seat_releases") { engine in
        [
            "ALTER TABLE appointments ADD COLUMN reschedules INTEGER NOT NULL DEFAULT 0",
            """
            CREATE TABLE seat_releases (
                id \(engine.identityKey),
                office_code TEXT NOT NULL,
                local_date TEXT NOT NULL,
                local_time TEXT NOT NULL,
                reason TEXT NOT NULL,
                freed_at BIGINT NOT NULL,
                release_at BIGINT NOT NULL,
                released_at BIGINT NULL,
                FOREIGN KEY (office_code, local_date, local_time) REFERENCES slots (office_code, local_date, local_time)
            )
            """,
            "CREATE INDEX seat_releases_due ON seat_releases (release_at) WHERE released_at IS NULL",
            "CREATE INDEX appointments_by_curp_created ON appointments (curp, created_at)",
        ]
    }
}
