import CitasDomain
import CitasPersistence
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /api/v1/pow?scope=register|book|draw[&office=CODE]`: a challenge to solve before registering, booking or
/// filing a standing request, bound to the office and the bearer token's account; harder for risky accounts.
struct ProofOfWorkController {
    let app: AppContext
    let pow: ProofOfWorkService

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("pow") { request, _ in
            let scope = String(request.uri.queryParameters.get("scope") ?? "")
            guard ["register", "book", "draw"].contains(scope) else { throw CitasError(.fieldMissing, detail: "scope") }
            guard scope != "register" else { return Response.json(try await pow.challenge(ProofOfWorkBinding(scope: scope))) }
            // Booking and waiting are bound to a real office and to the signed-in account that will spend the proof.
            let code = String(request.uri.queryParameters.get("office") ?? "")
            try FieldLimits.check([("office", code, 64)])
            guard !code.isEmpty else { throw CitasError(.fieldMissing, detail: "office") }
            let office = try await app.offices.require(code)
            let account = try await signedIn(request)
            var risk = 0
            if let account { risk = try await app.risk.score(accountId: account) }
            return Response.json(try await pow.challenge(ProofOfWorkBinding(scope: scope, office: office.code, account: account), riskBits: risk))
        }
    }
}

extension ProofOfWorkController {
    /// The account of the bearer token, if any: the challenge is bound to it.
    func signedIn(_ request: Request) async throws -> String? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else { return nil }
        return try await app.sessions.account(for: SecretToken(value: String(header.dropFirst(7))), kind: .bearer, now: app.clock.now().epoch)
    }
}

extension HTTPField.Name {
    /// Carries a solved challenge: `scope.salt.expiresAt.difficulty.signature.nonce`.
    static let citasProof = Self("X-Citas-Proof")!
}
