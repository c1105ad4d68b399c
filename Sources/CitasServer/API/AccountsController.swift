import CitasDomain
import CitasPersistence
import Foundation
import Hummingbird

/// Accounts and sessions for API clients: register, verify, log in (bearer token), passwords, who am I.
struct AccountsController {
    let app: AppContext
    let identity: IdentityService
    let pow: ProofOfWorkService
    let limiter: RateLimiter
    let limits: RateLimiter.Rules

    struct Status: Encodable {
        let status: String
    }

    struct TokenBody: Decodable {
        let token: String
    }

    struct LogInBody: Decodable {
        let email: String
        let password: String
    }

    struct SessionBody: Encodable {
        let token: String
        let tokenType = "Bearer"
    }

    struct EmailBody: Decodable {
        let email: String
    }

    struct ResetBody: Decodable {
        let token: String
        let password: String
    }

    struct ChangeBody: Decodable {
        let currentPassword: String
        let newPassword: String
    }

    func register(public group: RouterGroup<AppRequestContext>, authenticated: RouterGroup<AppRequestContext>) {
        group.post("accounts") { request, context in
            try await limiter.check(limits.registrations, context)
            try await pow.check(request.headers[.citasProof], ProofOfWorkBinding(scope: "register"))
            try await identity.register(try await JSONRequest.decode(Registration.self, from: request))
            return Response.json(Status(status: "verification_sent"), status: .accepted)
        }
        group.post("accounts/verify") { request, _ in
            try await identity.verifyEmail(token: try await JSONRequest.decode(TokenBody.self, from: request).token)
            return Response.json(Status(status: "verified"))
        }
        group.post("sessions") { request, context in
            let body = try await JSONRequest.decode(LogInBody.self, from: request)
            let token = try await identity.logIn(email: body.email, password: body.password, clientAddress: context.clientAddress, kind: .bearer)
            return Response.json(SessionBody(token: token.value), status: .created)
        }
        group.post("password/forgot") { request, context in
            try await identity.forgotPassword(
                email: try await JSONRequest.decode(EmailBody.self, from: request).email,
                clientAddress: context.clientAddress
            )
            return Response.json(Status(status: "reset_sent_if_registered"), status: .accepted)
        }
        group.post("password/reset") { request, _ in
            let body = try await JSONRequest.decode(ResetBody.self, from: request)
            try await identity.resetPassword(token: body.token, newPassword: body.password)
            return Response.json(Status(status: "password_changed"))
        }
        authenticated.delete("sessions/current") { _, context in
            if let token = context.sessionToken { try await identity.logOut(token) }
            return Response(status: .noContent)
        }
        authenticated.post("password/change") { request, context in
            let body = try await JSONRequest.decode(ChangeBody.self, from: request)
            try await identity.changePassword(
                accountId: try context.requireAccount(),
                current: body.currentPassword,
                new: body.newPassword,
                session: context.sessionToken
            )
            return Response.json(Status(status: "password_changed"))
        }
        authenticated.get("me") { _, context in
            guard let account = try await app.accounts.account(id: try context.requireAccount()) else {
                throw CitasError(.authenticationRequired)
            }
            return Response.json(AccountResource(account))
        }
    }
}

/// The account as its owner sees it.
struct AccountResource: Encodable {
    let email: String
    let curp: String
    let paternalSurname: String
    let maternalSurname: String
    let givenNames: String
    let birthDate: LocalDate
    let sex: String
    let birthState: String
    let language: String
    let verified: Bool

    init(_ account: Account) {
        email = account.email
        curp = account.curp
        paternalSurname = account.identity.paternalSurname
        maternalSurname = account.identity.maternalSurname
        givenNames = account.identity.givenNames
        birthDate = account.identity.birthDate
        sex = account.identity.sex.rawValue
        birthState = account.identity.birthState
        language = account.language.rawValue
        verified = account.isVerified
    }
}
