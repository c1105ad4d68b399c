/// The published passport fees per year and validity, in centavos, with the 50 % discount amounts as published
/// (not always exactly half). Read from `fees.csv`, which keeps each amount's source.
public struct FeeSchedule: Sendable {
    public struct Fee: Sendable, Hashable {
        public let year: Int
        public let validityYears: Int
        public let centavos: Int
        public let discountedCentavos: Int

        public init(year: Int, validityYears: Int, centavos: Int, discountedCentavos: Int) {
            self.year = year
            self.validityYears = validityYears
            self.centavos = centavos
            self.discountedCentavos = discountedCentavos
        }
    }

    public let fees: [Fee]

    public init(fees: [Fee]) {
        self.fees = fees
    }

    public static let shipped: FeeSchedule = {
        guard let text = try? OfficeCatalogue.resource("fees") else { return FeeSchedule(fees: []) }
        return FeeSchedule(
            fees: CSVReader.records(text).compactMap { row in
                guard let year = Int(row["year"] ?? ""), let validity = Int(row["validity_years"] ?? ""),
                    let full = Money.centavos(pesos: row["fee_mxn"] ?? ""), let discounted = Money.centavos(pesos: row["discounted_fee_mxn"] ?? "")
                else { return nil }
                return Fee(year: year, validityYears: validity, centavos: full, discountedCentavos: discounted)
            }
        )
    }()

    /// The fee of `year`, or of the latest year published before it.
    public func fee(year: Int, validityYears: Int) -> Fee? {
        fees.filter { $0.validityYears == validityYears && $0.year <= year }.max { $0.year < $1.year }
    }
}
