import CitasDomain
import CitasPersistence
import Foundation

/// Valid-looking identities and offices for tests.
public enum TestData {
    /// A person numbered `n`: GÓMEZ DÍAZ ANA LUISA, born `n` days after 1950-01-01 (distinct people for distinct `n`).
    public static func identity(_ n: Int) -> DeclaredIdentity {
        try! DeclaredIdentity(
            paternalSurname: "Gómez",
            maternalSurname: "Díaz",
            givenNames: "Ana Luisa",
            birthDate: LocalDate(year: 1950, month: 1, day: 1).adding(days: n),
            sex: .m,
            birthState: "DF",
            today: today
        )
    }

    /// Child `n` of person 0's family: LÓPEZ GÓMEZ MATEO (shares the surname Gómez with every `identity(_:)`), born
    /// `n` days after 2020-01-01.
    public static func child(_ n: Int, paternal: String = "López", maternal: String = "Gómez") -> DeclaredIdentity {
        try! DeclaredIdentity(
            paternalSurname: paternal,
            maternalSurname: maternal,
            givenNames: "Mateo",
            birthDate: LocalDate(year: 2020, month: 1, day: 1).adding(days: n),
            sex: .h,
            birthState: "JC",
            today: today
        )
    }

    /// The CURP of `identity`, as RENAPO would give it.
    public static func curp(of identity: DeclaredIdentity) -> Curp {
        try! Curp(validating: CurpDerivation.firstCurp(of: identity), today: today)
    }

    /// The CURP RENAPO would give person `n`; consistent with `identity(n)`.
    public static func curp(_ n: Int) -> Curp {
        try! Curp(validating: CurpDerivation.firstCurp(of: identity(n)), today: today)
    }

    /// A Mon–Fri office with a break, `counters` seats per 30-minute slot, in `zone`.
    public static func office(
        code: String = "TEST-OFFICE",
        zone: String = "America/Mexico_City",
        counters: Int = 2,
        country: String = "MX",
        releaseDaysAhead: Int = 60,
        plan: OpeningPlan? = nil
    )
        -> Office
    {
        Office(
            code: code,
            name: "Oficina de prueba",
            kind: .delegacion,
            country: country,
            stateCode: "DF",
            stateName: "Ciudad de México",
            city: "Ciudad de México",
            timeZone: zone,
            address: "Calle 1",
            services: Office.Service.allCases,
            plan: plan ?? (try! OpeningPlan(hoursText: "Mon-Fri 09:00-12:00", breaksText: "10:30-11:00", slotMinutes: 30, counters: counters)),
            release: try! ReleaseSchedule(daysAhead: releaseDaysAhead)
        )
    }

    /// A real office's day: 08:00 to 15:00 in 20-minute slots, 21 a day, `counters` seats each.
    public static func fullDayPlan(counters: Int) -> OpeningPlan {
        try! OpeningPlan(hoursText: "Mon-Fri 08:00-15:00", breaksText: "", slotMinutes: 20, counters: counters)
    }

    /// One mail seal for a test process, so stores built apart still open each other's sealed mail.
    public static let seal = SecretSeal(secrets: .ephemeral(), purpose: .mail)
    public static let totpSeal = SecretSeal(secrets: .ephemeral(), purpose: .totp)

    public static let today = LocalDate(year: 2026, month: 11, day: 29)

    /// 2026-12-01 00:00 UTC: a Tuesday, before every test slot.
    public static let start = Date(timeIntervalSince1970: 1_796_083_200)
}
