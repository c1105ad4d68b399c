import CitasDomain
import CitasPersistence
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /api/v1/pow?scope=register|book|draw[&office=CODE]`: a challenge to solve before registering, booking or
/// entering a draw; with a bearer token, harder for risky accounts.
struct ProofOfWorkController {
    let app: AppContext
    let pow: ProofOfWorkService

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("pow") { request, _ in
            let scope = request.uri.queryParameters.get("scope") ?? ""
            guard ["register", "book", "draw"].contains(scope) else { throw CitasError(.fieldMissing, detail: "scope") }
            let office = request.uri.queryParameters.get("office").map { String($0) } ?? "any"
            try FieldLimits.check([("office", office, 64)])
            return Response.json(try await pow.challenge(scope: scope, demandKey: office, riskBits: try await riskBits(request)))
        }
    }
}

extension ProofOfWorkController {
    /// The signed-in caller's risk score (0 when anonymous): each point doubles the work asked of them.
    func riskBits(_ request: Request) async throws -> Int {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer "),
            let account = try await app.sessions.account(
                for: SecretToken(value: String(header.dropFirst(7))),
                kind: .bearer,
                now: app.clock.now().epoch
            )
        else { return 0 }
        return min(try await app.risk.score(accountId: account), 8)
    }
}

extension HTTPField.Name {
    /// Carries a solved challenge: `scope.salt.expiresAt.difficulty.signature.nonce`.
    static let citasProof = Self("X-Citas-Proof")!
}
