import Foundation

/// The seed data Citas ships: offices and national holidays, read from the package's CSV resources.
///
/// After seeding, the database is the source of truth (staff edit plans there); this is only the starting point.
public enum OfficeCatalogue {
    /// Every office in `Resources/offices.csv`.
    public static func offices() throws -> [Office] {
        try CSVReader.records(resource("offices")).map(office(from:))
    }

    /// Every national holiday in `Resources/holidays.csv`.
    public static func holidays() throws -> [Holiday] {
        try CSVReader.records(resource("holidays")).map { row in
            Holiday(date: try LocalDate(row["date", default: ""]), country: row["country", default: ""], name: row["name", default: ""])
        }
    }

    static func office(from row: [String: String]) throws -> Office {
        func field(_ name: String) throws -> String {
            guard let value = row[name] else { throw CitasError(.invalidPlan, detail: "missing column \(name)") }
            return value
        }
        let services = try field("services").split(separator: ",").map { name in
            guard let service = Office.Service(rawValue: String(name)) else { throw CitasError(.invalidPlan, detail: String(name)) }
            return service
        }
        guard let kind = Office.Kind(rawValue: try field("kind")), TimeZone(identifier: try field("timezone")) != nil else {
            throw CitasError(.invalidPlan, detail: try field("code"))
        }
        return Office(
            code: try field("code"),
            name: try field("name"),
            kind: kind,
            country: try field("country"),
            stateCode: try field("state_code"),
            stateName: try field("state_name"),
            city: try field("city"),
            timeZone: try field("timezone"),
            address: try field("address"),
            services: services,
            plan: try OpeningPlan(
                hoursText: try field("hours"),
                breaksText: try field("breaks"),
                slotMinutes: Int(try field("slot_minutes")) ?? 0,
                counters: Int(try field("counters")) ?? -1
            )
        )
    }

    static func resource(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: "csv") else {
            throw CitasError(.internalError, detail: "missing resource \(name).csv")
        }
        return try String(contentsOf: url, encoding: .utf8)
    }
}
