import CitasDomain
import CitasPersistence
import Foundation
import Hummingbird

/// Standing requests and release draws: wait for a seat at an office, see and withdraw one's requests, see when
/// the next release draw is.
struct DrawsController {
    let app: AppContext
    let actions: CitizenActions

    struct RequestBody: Decodable {
        let office: String
        let timeOfDay: String?
        let from: String?
        let through: String?
        /// Members of the household to wait for (their ids); with the holder too unless `holder` is false. Two people
        /// or more wait together: consecutive seats of one day, or none.
        let members: [Int]?
        let holder: Bool?
    }

    struct RequestResource: Encodable {
        let id: Int
        let office: String
        /// Whose seat it asks for (the holder's or a member's CURP).
        let curp: String
        /// Shared by the requests of a household waiting together (the first one's id); absent for one person.
        let group: Int?
        let timeOfDay: String
        let from: LocalDate?
        let through: LocalDate?
        let moves: String?
        let status: String
        let folio: String?

        init(_ request: StandingRequest) {
            id = request.id
            office = request.officeCode
            curp = request.curp
            group = request.group
            timeOfDay = request.preference.timeOfDay.rawValue
            from = request.preference.from
            through = request.preference.through
            moves = request.moveFolio
            status = request.status.rawValue
            folio = request.folio
        }
    }

    struct NextDraw: Encodable {
        let office: String
        let date: LocalDate?
        let releaseAt: Date?
    }

    func register(public group: RouterGroup<AppRequestContext>, authenticated: RouterGroup<AppRequestContext>) {
        group.get("offices/:code/draws/next") { _, context in
            let office = try await app.offices.require(try context.parameters.require("code"))
            let next = try await app.allocations.nextRelease(office: office.code)
            return Response.json(
                NextDraw(office: office.code, date: next?.date, releaseAt: next.map { Date(timeIntervalSince1970: TimeInterval($0.releaseAt)) })
            )
        }
        authenticated.post("draws/requests") { request, context in
            let proof = request.headers[.citasProof]
            let body = try await JSONRequest.decode(RequestBody.self, from: request)
            let wish = CitizenActions.Wish(office: body.office, timeOfDay: body.timeOfDay, from: body.from, through: body.through)
            let created = try await actions.requestSeat(
                wish,
                proof: proof,
                channel: .api,
                context: context,
                members: body.members ?? [],
                holder: body.holder ?? true
            )
            // A household's requests share `group`; the first stands for them (GET lists each).
            return Response.json(RequestResource(created[0]), status: .created)
        }
        authenticated.post("draws/requests/:id/withdraw") { _, context in
            guard let id = Int(try context.parameters.require("id")) else { throw CitasError(.notFound, detail: "request") }
            try await app.requests.withdraw(id: id, accountId: try context.requireAccount())
            return Response(status: .noContent)
        }
        authenticated.get("draws/requests") { _, context in
            Response.json(["requests": try await app.requests.requests(accountId: try context.requireAccount()).map(RequestResource.init)])
        }
    }
}
