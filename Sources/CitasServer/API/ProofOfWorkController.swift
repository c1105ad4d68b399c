import CitasDomain
import CitasPersistence
import HTTPTypes
import Hummingbird

/// `GET /api/v1/pow?scope=register|book|draw[&office=CODE]`: a challenge to solve before registering, booking or
/// entering a draw.
struct ProofOfWorkController {
    let app: AppContext
    let pow: ProofOfWorkService

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("pow") { request, _ in
            let scope = request.uri.queryParameters.get("scope") ?? ""
            guard ["register", "book", "draw"].contains(scope) else { throw CitasError(.fieldMissing, detail: "scope") }
            let office = request.uri.queryParameters.get("office").map { String($0) } ?? "any"
            try FieldLimits.check([("office", office, 64)])
            return Response.json(try await pow.challenge(scope: scope, demandKey: office))
        }
    }
}

extension HTTPField.Name {
    /// Carries a solved challenge: `scope.salt.expiresAt.difficulty.signature.nonce`.
    static let citasProof = Self("X-Citas-Proof")!
}
