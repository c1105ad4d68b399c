import Foundation

/// A payment as a clerk or a bank file gives it, read the forgiving way: the reference as printed on the sheet
/// (spaces, dashes or dots between groups), the amount as "$2,440.00" or "2440", the date as DD/MM/AAAA or
/// AAAA-MM-DD. Each refusal names its field (`CitasError.detail`), so the form can put it beside the right box.
public struct TypedPayment: Sendable, Hashable {
    public let reference: String
    public let centavos: Int
    public let paidOn: LocalDate
    public let bank: String

    public init(reference: String, amount: String, paidOn: String, bank: String) throws(CitasError) {
        let reference = Self.reference(reference)
        guard PaymentReference.isValid(reference) else { throw CitasError(.paymentReferenceInvalid, detail: "reference") }
        guard let centavos = Money.centavos(parsing: amount.replacingOccurrences(of: "MXN", with: "")) else {
            throw CitasError(.amountInvalid, detail: "amount")
        }
        guard let date = LocalDate.typed(paidOn) else { throw CitasError(.invalidDate, detail: "paid_on") }
        self.reference = reference
        self.centavos = centavos
        self.paidOn = date
        self.bank = bank.trimmingCharacters(in: .whitespaces)
    }

    /// The reference's digits, without the separators people and printers put between groups.
    public static func reference(_ typed: String) -> String {
        String(typed.prefix(64).filter { !" -.\t".contains($0) })
    }
}

extension LocalDate {
    /// A day as people type it: `AAAA-MM-DD` or `DD/MM/AAAA` (also with dashes or dots, one-digit days and months);
    /// nil when it is not a real day. The strict `init(_:)` stays for URLs and files.
    public static func typed(_ typed: String) -> LocalDate? {
        let text = typed.trimmingCharacters(in: .whitespaces)
        guard text.count <= 10 else { return nil }
        if let iso = try? LocalDate(text) { return iso }
        let parts = text.split(whereSeparator: { "/-.".contains($0) }).map(String.init)
        guard parts.count == 3, parts[2].count == 4, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2])
        else { return nil }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return try? LocalDate("\(year)-\(two(month))-\(two(day))")
    }
}
