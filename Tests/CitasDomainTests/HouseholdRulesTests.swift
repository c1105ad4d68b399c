import CitasDomain
import Testing

/// Who may join a household, before anything is written.
@Suite struct HouseholdRulesTests {
    static let today = LocalDate(year: 2026, month: 12, day: 3)

    static func person(_ paternal: String, _ maternal: String, born: LocalDate) -> DeclaredIdentity {
        try! DeclaredIdentity(
            paternalSurname: paternal,
            maternalSurname: maternal,
            givenNames: "Ana",
            birthDate: born,
            sex: .m,
            birthState: "DF",
            today: today
        )
    }

    static let mother = person("Gómez", "Díaz", born: LocalDate(year: 1990, month: 5, day: 1))

    @Test func aMinorSharingASurnameIsAdmitted() throws {
        let child = Self.person("LOPEZ", "gomez", born: LocalDate(year: 2022, month: 1, day: 1))
        #expect(try HouseholdRules.admit(child, kind: .minor, reason: "", holder: Self.mother, secondParentName: "", today: Self.today) == "")
    }

    @Test func aMinorSharingOnlyTheSecondParentsSurnameIsAdmitted() throws {
        let child = Self.person("López", "Ruiz", born: LocalDate(year: 2022, month: 1, day: 1))
        #expect(
            try HouseholdRules.admit(child, kind: .minor, reason: "", holder: Self.mother, secondParentName: "Pedro López Sánchez", today: Self.today)
                == ""
        )
        #expect(throws: CitasError(.dependentSurnameMismatch)) {
            try HouseholdRules.admit(child, kind: .minor, reason: "", holder: Self.mother, secondParentName: "", today: Self.today)
        }
    }

    @Test func anAdultIsNotAMinor() {
        // 18 today: an adult.
        let adult = Self.person("Gómez", "Ruiz", born: LocalDate(year: 2008, month: 12, day: 3))
        #expect(throws: CitasError(.dependentNotMinor)) {
            try HouseholdRules.admit(adult, kind: .minor, reason: "", holder: Self.mother, secondParentName: "", today: Self.today)
        }
    }

    @Test func aWardNeedsAReasonAndMayDifferInSurnamesWithANote() throws {
        let ward = Self.person("Pérez", "Ruiz", born: LocalDate(year: 1960, month: 1, day: 1))
        #expect(throws: CitasError(.fieldMissing, detail: "reason")) {
            try HouseholdRules.admit(ward, kind: .ward, reason: "  ", holder: Self.mother, secondParentName: "", today: Self.today)
        }
        #expect(
            try HouseholdRules.admit(ward, kind: .ward, reason: "interdicción", holder: Self.mother, secondParentName: "", today: Self.today)
                == HouseholdRules.documentNoteSurnames
        )
    }
}
