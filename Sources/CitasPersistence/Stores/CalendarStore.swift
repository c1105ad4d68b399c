import CitasDomain
import SQLKit

/// National holidays and per-office day exceptions, the inputs of slot planning besides the weekly plan.
public struct CalendarStore: Sendable {
    let database: any AppDatabase

    public init(database: any AppDatabase) {
        self.database = database
    }

    /// Inserts the holidays that are not there yet; returns how many.
    @discardableResult
    public func seed(_ holidays: [Holiday]) async throws -> Int {
        try await database.write { sql in
            var inserted = 0
            for holiday in holidays {
                inserted += try await sql.raw(
                    """
                    INSERT INTO holidays (country, local_date, name)
                    VALUES (\(bind: holiday.country), \(bind: holiday.date.description), \(bind: holiday.name))
                    ON CONFLICT (country, local_date) DO NOTHING
                    RETURNING local_date
                    """
                ).all().count
            }
            return inserted
        }
    }

    /// Holidays of `country` between two dates, inclusive.
    public func holidays(country: String, from: LocalDate, through: LocalDate) async throws -> [Holiday] {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT local_date, name FROM holidays
                WHERE country = \(bind: country) AND local_date BETWEEN \(bind: from.description) AND \(bind: through.description)
                ORDER BY local_date
                """
            ).all().map { row in
                Holiday(
                    date: try LocalDate(try row.decode(column: "local_date", as: String.self)),
                    country: country,
                    name: try row.decode(column: "name", as: String.self)
                )
            }
        }
    }

    /// Day exceptions of one office between two dates, inclusive.
    public func exceptions(office: String, from: LocalDate, through: LocalDate) async throws -> [DayException] {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT local_date, hours, reason FROM office_exceptions
                WHERE office_code = \(bind: office) AND local_date BETWEEN \(bind: from.description) AND \(bind: through.description)
                ORDER BY local_date
                """
            ).all().map { row in
                DayException(
                    officeCode: office,
                    date: try LocalDate(try row.decode(column: "local_date", as: String.self)),
                    hours: try row.decode(column: "hours", as: String?.self).map { try TimeSpan($0) },
                    reason: try row.decode(column: "reason", as: String.self)
                )
            }
        }
    }

    /// Records (or replaces) a day exception inside the caller's transaction.
    static func upsertException(_ exception: DayException, in sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO office_exceptions (office_code, local_date, hours, reason)
            VALUES (\(bind: exception.officeCode), \(bind: exception.date.description), \(bind: exception.hours?.description),
                \(bind: exception.reason))
            ON CONFLICT (office_code, local_date) DO UPDATE SET hours = excluded.hours, reason = excluded.reason
            """
        ).run()
    }
}
