import CitasDomain
import CitasPersistence
import Foundation
import Hummingbird

/// After log-in: the person's identity as registered, the procedure and validity, the documents to bring, the fee
/// and the requests they filed (a waiting one can be withdrawn).
struct AccountPages {
    let web: Web

    struct Submitted: Decodable {
        let procedure: String?
        let validity: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.account.route) { request, context in
            let language = try web.language(context)
            guard let context = try await web.signedIn(request, context) else { return Web.redirect(.logIn, language) }
            return try await page(request, language, try web.app.verifiedAccount(try context.requireAccount()))
        }
        router.post(SiteURL.procedure.route) { request, context in
            let language = try web.language(context)
            guard let context = try await web.signedIn(request, context) else { return Web.redirect(.logIn, language) }
            let submitted = try await web.form(Submitted.self, request)
            let account = try await web.app.verifiedAccount(try context.requireAccount())
            do {
                guard let procedure = Procedure(rawValue: submitted.procedure ?? "") else { throw CitasError(.procedureInvalid) }
                let choice = try ProcedureChoice(
                    procedure: procedure,
                    validityYears: Int(submitted.validity ?? "") ?? 0,
                    birthDate: account.identity.birthDate,
                    today: web.app.today
                )
                try await web.app.accounts.setProcedure(accountId: account.id, choice, now: web.app.clock.now().epoch)
            } catch let error as CitasError {
                let field = error.code == .procedureInvalid ? "procedure" : "validity"
                return try await page(request, language, account, problems: [FieldProblem(field: field, message: error.message(in: language))])
            }
            return Web.redirect(.account, language)
        }
        router.post(SiteURL.withdrawRequest(":id").route) { request, context in
            let language = try web.language(context)
            guard let context = try await web.signedIn(request, context) else { return Web.redirect(.logIn, language) }
            _ = try await web.form(Withdrawal.self, request)
            guard let id = Int(try context.parameters.require("id")) else { throw CitasError(.notFound, detail: "request") }
            try await web.app.requests.withdraw(id: id, accountId: try context.requireAccount())
            return Web.redirect(.account, language, query: "?done=withdrawn")
        }
    }

    /// A withdrawal carries nothing but its CSRF token, which `web.form` checks.
    struct Withdrawal: Decodable {}

    private func page(_ request: Request, _ language: Language, _ account: Account, problems: [FieldProblem] = []) async throws -> Response {
        let t = Catalogue.of(language)
        let offices = Dictionary(uniqueKeysWithValues: try await web.app.offices.all().map { ($0.code, $0) })
        let requests = try await web.app.requests.requests(accountId: account.id)
        let next = requests.contains { $0.status == .waiting } ? try await web.app.allocations.nextReleases() : [:]
        let members = try await web.app.dependents.list(accountId: account.id)
        // Who each request is for, named only when the account has a household (else it is always the holder).
        let names = Dictionary(members.map { ($0.curp, $0.identity.fullName) } + [(account.curp, account.identity.fullName)]) { first, _ in first }
        // A household waiting together is one row: one withdrawal takes all of it.
        var seen = Set<Int>()
        let draws = requests.compactMap { request -> DrawRow? in
            if let group = request.group, !seen.insert(group).inserted { return nil }
            let people = request.group.map { group in requests.filter { $0.group == group }.sorted { $0.id < $1.id } } ?? [request]
            let who = people.map { names[$0.curp] ?? $0.curp }.joined(separator: ", ")
            let office = offices[request.officeCode]
            return DrawRow(
                office: office?.name ?? request.officeCode,
                who: members.isEmpty ? nil : people.count > 1 ? t.family.waitingTogether.replacingOccurrences(of: "{names}", with: who) : who,
                status: Self.status(request, t),
                nextDraw: request.status == .waiting
                    ? next[request.officeCode].flatMap { next in office.map { DrawSentence.next(next, office: $0, t: t, language: language) } }
                    : nil,
                withdrawAction: request.status == .waiting ? SiteURL.withdrawRequest(String(request.id)).path(language) : nil
            )
        }
        let model = AccountModel(
            account,
            t: t,
            formats: Formats(language: language),
            fees: try await web.app.fees.schedule(),
            year: web.app.today.year,
            draws: draws,
            problems: problems,
            language: language
        )
        let status: HTTPResponse.Status = problems.isEmpty ? .ok : .unprocessableContent
        return try await web.page(
            "account",
            title: t.account.title,
            model: model,
            request: request,
            language: language,
            status: status,
            problems: problems
        )
    }

    /// A request's state in words; one withdrawn because the person booked says which appointment took its place.
    static func status(_ request: StandingRequest, _ t: Catalogue) -> String {
        switch request.status {
        case .waiting: t.account.drawPending
        case .allotted: t.account.drawAllotted
        case .skipped: t.account.drawSkipped
        case .withdrawn: request.folio.map { t.account.drawWithdrawnBooked.replacingOccurrences(of: "{folio}", with: $0) } ?? t.account.drawWithdrawn
        }
    }
}

/// One standing request of the person, with a way to withdraw it while it waits.
struct DrawRow: Sendable {
    let office: String
    /// Whom it is for, when the account has a household; several names for a household waiting together.
    let who: String?
    let status: String
    /// The office's next draw in words, while the request waits for it.
    let nextDraw: String?
    let withdrawAction: String?
}
