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
    }

    struct RequestResource: Encodable {
        let id: Int
        let office: String
        let timeOfDay: String
        let from: LocalDate?
        let through: LocalDate?
        let moves: String?
        let status: String
        let folio: String?

        init(_ request: StandingRequest) {
            id = request.id
            office = request.officeCode
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
            let created = try await actions.requestSeat(wish, proof: proof, channel: .api, context: context)
            return Response.json(RequestResource(created), status: .created)
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
