import CitasDomain
import Testing

@Suite("Fees and payment references")
struct FeeTests {
    static let today = LocalDate(year: 2026, month: 11, day: 29)
    static let adult = LocalDate(year: 1990, month: 5, day: 1)
    static let senior = LocalDate(year: 1960, month: 1, day: 1)
    static let toddler = LocalDate(year: 2025, month: 1, day: 1)

    @Test(
        "Amounts due: the 2026 table, published discounts, and who may have which",
        arguments: [
            (10, FeeDiscount.none, adult, 428_000), (6, .none, adult, 244_000), (3, .none, adult, 179_500), (10, .senior, senior, 214_000),
            (3, .disability, adult, 90_000), (6, .agricultural, adult, 122_000), (1, .none, toddler, 92_000), (1, .disability, toddler, 46_000),
        ]
    )
    func due(validity: Int, discount: FeeDiscount, birth: LocalDate, centavos: Int) throws {
        #expect(
            try FeeCalculator.due(.shipped, year: 2026, validityYears: validity, discount: discount, birthDate: birth, today: Self.today) == centavos
        )
    }

    @Test(
        "Refused combinations",
        arguments: [
            (10, FeeDiscount.agricultural, adult, ErrorCode.discountNotAllowed), (3, .senior, adult, .discountNotAllowed),
            (1, .none, adult, .validityNotAllowed), (3, .agricultural, toddler, .discountNotAllowed), (5, .none, adult, .validityNotAllowed),
        ]
    )
    func refused(validity: Int, discount: FeeDiscount, birth: LocalDate, code: ErrorCode) {
        do {
            _ = try FeeCalculator.due(.shipped, year: 2026, validityYears: validity, discount: discount, birthDate: birth, today: Self.today)
            Issue.record("accepted \(validity) years with \(discount)")
        } catch {
            #expect(error.code == code)
        }
    }

    @Test("A fee rise is charged as the difference; a later year without a table uses the latest one")
    func credit() throws {
        let paid2025 = FeeSchedule.shipped.fee(year: 2025, validityYears: 10)!.centavos
        let due = try FeeCalculator.due(
            .shipped,
            year: 2026,
            validityYears: 10,
            discount: .none,
            birthDate: Self.adult,
            today: Self.today,
            credit: paid2025
        )
        #expect(due == 428_000 - 412_000)
        #expect(FeeSchedule.shipped.fee(year: 2031, validityYears: 6)?.year == 2026)
    }

    @Test("References carry ISO 7064 MOD 97-10 check digits that catch a changed or swapped digit")
    func references() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let reference = PaymentReference.make(using: &generator)
            #expect(reference.count == 16 && PaymentReference.isValid(reference))
            var digits = Array(reference)
            let i = Int.random(in: 0..<15)
            if digits[i] != digits[i + 1] {
                digits.swapAt(i, i + 1)
                #expect(!PaymentReference.isValid(String(digits)))
                digits.swapAt(i, i + 1)
            }
            digits[i] = digits[i] == "9" ? "0" : Character(String(digits[i].wholeNumberValue! + 1))
            #expect(!PaymentReference.isValid(String(digits)))
        }
        #expect(!PaymentReference.isValid("12345") && !PaymentReference.isValid("ABCDEFGHIJKLMNOP"))
    }
}
