/// The outbox's next message is found among unsent ones only: its claim walks this index in id order instead of the
/// primary key past every message ever sent, so claiming costs the same at ten thousand sent rows and ten million.
enum Schema013 {
    static let migration = Migration(version: 13, name: "outbox_unsent_in_order") { _ in
        ["CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL"]
    }
}
