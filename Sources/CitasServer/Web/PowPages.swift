import CitasDomain
import CitasPersistence
import Hummingbird

/// `GET /{lang}/pow?scope=register|book|draw[&office=CODE]`: a fresh proof-of-work challenge for a form whose own
/// expired while the person filled it in, bound as the form's was (the office, the signed-in account). JSON for the
/// page's script, which solves it and sends the form without the person noticing.
struct PowPages {
    let web: Web

    /// What the script puts back into the form.
    struct Fresh: Encodable {
        let salt: String
        let difficulty: Int
        let prefix: String
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.powChallenge.route) { request, context in
            let language = try web.language(context)
            let scope = request.uri.queryParameters.get("scope").map { String($0) } ?? ""
            guard ["register", "book", "draw"].contains(scope) else { throw CitasError(.fieldMissing, detail: "scope") }
            var binding = ProofOfWorkBinding(scope: scope)
            if scope != "register" {
                let code = request.uri.queryParameters.get("office").map { String($0) } ?? ""
                try FieldLimits.check([("office", code, 64)])
                let office = try await web.app.offices.require(code)
                guard let account = try await web.accountId(request) else { throw CitasError(.authenticationRequired) }
                binding = ProofOfWorkBinding(scope: scope, office: office.code, account: account)
            }
            let challenge = try await web.challenge(binding, language: language)
            var response = Response.json(Fresh(salt: challenge.salt, difficulty: challenge.difficulty, prefix: challenge.prefix))
            response.headers[.cacheControl] = "no-store"
            return response
        }
    }
}
