/// The appointment an e-mail is about, so the sender can attach the appointment's current proof (QR code, calendar
/// file) when it goes out, instead of storing pictures in the outbox or building them inside the booking transaction.
enum Schema016 {
    static let migration = Migration(version: 16, name: "outbox_folio") { _ in
        ["ALTER TABLE outbox ADD COLUMN folio TEXT"]
    }
}
