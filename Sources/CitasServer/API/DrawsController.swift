import CitasDomain
import CitasPersistence
import Foundation
import Hummingbird

/// Release draws: ask to take part in the next draw of an office, see one's requests, see when the next draw is.
struct DrawsController {
    let app: AppContext
    let actions: CitizenActions

    struct RequestBody: Decodable {
        let office: String
        let timeOfDay: String?
        let rollOver: Bool?
    }

    struct RequestResource: Encodable {
        let id: Int
        let office: String
        let timeOfDay: String
        let rollOver: Bool
        let status: String
        let folio: String?

        init(_ request: DrawRequest) {
            id = request.id
            office = request.officeCode
            timeOfDay = request.timeOfDay.rawValue
            rollOver = request.rollOver
            status = request.status
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
            let next = try await app.draws.nextDraw(office: office.code)
            return Response.json(
                NextDraw(office: office.code, date: next?.date, releaseAt: next.map { Date(timeIntervalSince1970: TimeInterval($0.releaseAt)) })
            )
        }
        authenticated.post("draws/requests") { request, context in
            let proof = request.headers[.citasProof]
            let body = try await JSONRequest.decode(RequestBody.self, from: request)
            let created = try await actions.requestDraw(
                office: body.office,
                timeOfDay: body.timeOfDay,
                rollOver: body.rollOver ?? true,
                proof: proof,
                context: context
            )
            return Response.json(RequestResource(created), status: .created)
        }
        authenticated.get("draws/requests") { _, context in
            Response.json(["requests": try await app.draws.requests(accountId: try context.requireAccount()).map(RequestResource.init)])
        }
    }
}
