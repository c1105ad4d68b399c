import CitasDomain
import CitasPersistence
import Foundation

/// Adding a member to the signed-in holder's household: limited per account (each attempt counts), the CURP checked
/// and its encoded birth date, sex and state taken from it, the names confirmed against it like a registration's,
/// `HouseholdRules` applied, then one transaction (`DependentStore.add`).
struct HouseholdActions: Sendable {
    let app: AppContext
    let identity: IdentityService
    let limiter: RateLimiter

    /// Ten attempts a day per account: a family adds a few people once; a reseller adding strangers is slowed.
    static let addLimit = RateRule(name: "dependent:account", key: .account, limit: 10, window: 86_400, shared: true)

    /// The form as typed.
    struct Form: Decodable, Sendable {
        var curp: String?
        var paternalSurname: String?
        var maternalSurname: String?
        var givenNames: String?
        var kind: String?
        var reason: String?
        var secondParentName: String?
        var secondParentCurp: String?
    }

    func add(_ form: Form, holder: Account, context: AppRequestContext) async throws -> Dependent {
        try await limiter.check([Self.addLimit], context)
        try FieldLimits.check([
            ("curp", form.curp ?? "", 30), ("paternal_surname", form.paternalSurname ?? "", 60), ("maternal_surname", form.maternalSurname ?? "", 60),
            ("given_names", form.givenNames ?? "", 60), ("reason", form.reason ?? "", 200), ("second_parent_name", form.secondParentName ?? "", 120),
            ("second_parent_curp", form.secondParentCurp ?? "", 30),
        ])
        let today = app.today
        let curp = try Curp(validating: form.curp ?? "", today: today)
        let details = await identity.registry.details(of: curp)
        let person = try DeclaredIdentity(
            paternalSurname: form.paternalSurname ?? "",
            maternalSurname: form.maternalSurname ?? "",
            givenNames: form.givenNames ?? "",
            birthDate: details.birthDate,
            sex: DeclaredIdentity.Sex(rawValue: details.sex) ?? .x,
            birthState: details.birthState,
            today: today
        )
        try await identity.confirmIdentity(curp, person)
        guard let kind = Dependent.Kind(rawValue: form.kind ?? "minor") else { throw CitasError(.formInvalid, detail: "kind") }
        let secondCurp = (form.secondParentCurp ?? "").trimmingCharacters(in: .whitespaces)
        if !secondCurp.isEmpty {
            do { _ = try Curp(validating: secondCurp, today: today) } catch { throw CitasError(error.code, detail: "second_parent_curp") }
        }
        let reason = (form.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let secondName = (form.secondParentName ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let note = try HouseholdRules.admit(person, kind: kind, reason: reason, holder: holder.identity, secondParentName: secondName, today: today)
        return try await app.dependents.add(
            NewDependent(
                curp: curp,
                identity: person,
                kind: kind,
                guardianshipReason: kind == .ward ? reason : "",
                secondParentName: secondName,
                secondParentCurp: secondCurp.uppercased(),
                documentNote: note
            ),
            to: holder.id
        )
    }
}
