import CitasDomain
import SQLKit

/// The fee table in the database: seeded from the published amounts, replaceable by an import, read whole.
public struct FeeStore: Sendable {
    let database: any AppDatabase

    public init(database: any AppDatabase) {
        self.database = database
    }

    /// Inserts the rows that are missing; returns how many.
    @discardableResult
    public func seed(_ schedule: FeeSchedule) async throws -> Int {
        try await database.write { sql in
            var inserted = 0
            for fee in schedule.fees {
                inserted += try await sql.raw(
                    """
                    INSERT INTO fees (year, validity_years, centavos, discounted_centavos)
                    VALUES (\(bind: fee.year), \(bind: fee.validityYears), \(bind: fee.centavos), \(bind: fee.discountedCentavos))
                    ON CONFLICT (year, validity_years) DO NOTHING RETURNING year
                    """
                ).all().count
            }
            return inserted
        }
    }

    public func schedule() async throws -> FeeSchedule {
        try await database.read { sql in
            FeeSchedule(
                fees: try await sql.raw("SELECT year, validity_years, centavos, discounted_centavos FROM fees ORDER BY year, validity_years").all()
                    .map {
                        FeeSchedule.Fee(
                            year: try $0.decode(column: "year", as: Int.self),
                            validityYears: try $0.decode(column: "validity_years", as: Int.self),
                            centavos: try $0.decode(column: "centavos", as: Int.self),
                            discountedCentavos: try $0.decode(column: "discounted_centavos", as: Int.self)
                        )
                    }
            )
        }
    }
}
