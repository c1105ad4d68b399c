import CitasDomain
import CitasPersistence
import Foundation
import HTTPTypes
import Hummingbird

/// The signed-in holder's household over the API, under the pages' rules: list, add (limited per account, checked
/// against the member's CURP), remove (not while they have a live appointment). Booking for a member is
/// `POST /api/v1/appointments` with `member`.
struct HouseholdController {
    let app: AppContext
    let actions: CitizenActions
    let household: HouseholdActions

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("me/dependents") { _, context in
            let holder = try await actions.verifiedAccount(context)
            return Response.json(DependentList(dependents: try await app.dependents.list(accountId: holder.id).map(DependentResource.init)))
        }
        group.post("me/dependents") { request, context in
            let form = try await JSONRequest.decode(HouseholdActions.Form.self, from: request)
            let holder = try await actions.verifiedAccount(context)
            return Response.json(DependentResource(try await household.add(form, holder: holder, context: context)), status: .created)
        }
        group.delete("me/dependents/:id") { _, context in
            let holder = try await actions.verifiedAccount(context)
            guard let id = Int(try context.parameters.require("id")) else { throw CitasError(.dependentNotFound) }
            try await app.dependents.remove(id: id, from: holder.id)
            return Response(status: .noContent)
        }
    }
}

/// The household as listed.
struct DependentList: Encodable {
    let dependents: [DependentResource]
}

/// One member as the holder sees them.
struct DependentResource: Encodable {
    let id: Int
    let curp: String
    let paternalSurname: String
    let maternalSurname: String
    let givenNames: String
    let birthDate: LocalDate
    let kind: String
    /// `surnames_differ` when staff check the guardianship document at the counter; empty otherwise.
    let documentNote: String

    init(_ dependent: Dependent) {
        id = dependent.id
        curp = dependent.curp
        paternalSurname = dependent.identity.paternalSurname
        maternalSurname = dependent.identity.maternalSurname
        givenNames = dependent.identity.givenNames
        birthDate = dependent.identity.birthDate
        kind = dependent.kind.rawValue
        documentNote = dependent.documentNote
    }
}
