import CitasDomain
import CitasPersistence
import Foundation
import Hummingbird

/// The fraud review queue: accounts ranked by risk with their evidence; admins suspend with a reason (claw-back),
/// auditors read.
struct ReviewPages {
    let staff: StaffWeb

    struct SuspendForm: Decodable {
        let reason: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.staffReview.route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .readReview) else { return Web.redirect(.staffLogIn, language) }
            return try await page(request, language, member)
        }
        router.post(SiteURL.staffSuspend(":account").route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .actOnReview) else { return Web.redirect(.staffLogIn, language) }
            let form = try await staff.web.form(SuspendForm.self, request)
            let reason = (form.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty else {
                let problem = FieldProblem(field: "reason", message: ErrorCode.fieldMissing.message(in: language))
                return try await page(request, language, member, problems: [problem])
            }
            let account = String(try context.parameters.require("account").prefix(64))
            _ = try await staff.web.app.clawBack.suspend(accountId: account, reason: String(reason.prefix(300)), actor: member.actor)
            return try await page(request, language, member, notice: Catalogue.of(language).staff.suspended)
        }
        router.post(SiteURL.staffDismiss(":account").route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .actOnReview) else { return Web.redirect(.staffLogIn, language) }
            _ = try await staff.web.form(SuspendForm.self, request)
            let account = String(try context.parameters.require("account").prefix(64))
            try await staff.web.app.risk.dismiss(accountId: account, actor: member.actor)
            return try await page(request, language, member, notice: Catalogue.of(language).review.dismissed)
        }
        router.get(SiteURL.staffAccountHistory(":account").route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .readReview) else { return Web.redirect(.staffLogIn, language) }
            let id = String(try context.parameters.require("account").prefix(64))
            guard let account = try await staff.web.app.accounts.account(id: id) else { throw CitasError(.notFound, detail: "account") }
            let history = try await staff.web.app.risk.history(accountId: id)
            let offices = Dictionary(uniqueKeysWithValues: try await staff.web.app.offices.all().map { ($0.code, $0.name) })
            let body = AccountHistoryModel(account: account, history: history, offices: offices, language: language)
            let title = "\(Catalogue.of(language).review.historyTitle) · \(account.email)"
            return try await staff.page("staff-account", title: title, member: member, body: body, request: request, language: language)
        }
        router.post(SiteURL.staffReportAction(":id", ":outcome").route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .actOnReview) else { return Web.redirect(.staffLogIn, language) }
            _ = try await staff.web.form(SuspendForm.self, request)
            guard let id = Int(try context.parameters.require("id")),
                let outcome = ResellerReports.Outcome(rawValue: try context.parameters.require("outcome"))
            else { throw CitasError(.notFound) }
            try await staff.web.app.resellerReports.close(id: id, outcome: outcome, actor: member.actor)
            return try await page(request, language, member, notice: Catalogue.of(language).staff.reportClosed)
        }
    }

    private func page(
        _ request: Request,
        _ language: Language,
        _ member: StaffMember,
        problems: [FieldProblem] = [],
        notice: String? = nil
    )
        async throws -> Response
    {
        let queue = try await staff.web.app.risk.queue()
        var entries: [ReviewModel.Entry] = []
        for assessment in queue {
            guard let account = try await staff.web.app.accounts.account(id: assessment.accountId) else { continue }
            entries.append(
                ReviewModel.Entry(
                    account: account,
                    assessment: assessment,
                    action: member.may(.actOnReview) ? SiteURL.staffSuspend(account.id).path(language) : nil,
                    language: language
                )
            )
        }
        let formats = Formats(language: language)
        let reports = try await staff.web.app.resellerReports.open().map { report in
            ReviewModel.Report(report, formats: formats, member: member, language: language)
        }
        let body = ReviewModel(entries: entries, empty: entries.isEmpty, reports: reports, hasReports: !reports.isEmpty)
        return try await staff.page(
            "staff-review",
            title: Catalogue.of(language).staff.reviewTitle,
            member: member,
            body: body,
            request: request,
            language: language,
            problems: problems,
            notice: notice
        )
    }
}

/// The model of `staff-review.mustache`.
struct ReviewModel: Sendable {
    struct Entry: Sendable {
        let id: String
        let email: String
        let curp: String
        let score: Int
        let evidence: [String]
        let action: String?
        let dismissAction: String?
        let history: String

        init(account: Account, assessment: RiskAssessment, action: String?, language: Language) {
            dismissAction = action == nil ? nil : SiteURL.staffDismiss(account.id).path(language)
            history = SiteURL.staffAccountHistory(account.id).path(language)
            id = account.id
            email = account.email
            curp = account.curp
            score = assessment.score
            let points = Catalogue.of(language).staff.points
            evidence = assessment.signals.map { "+\($0.points) \(points): \($0.evidence(in: language))" }
            self.action = action
        }
    }

    let entries: [Entry]
    let empty: Bool
    let reports: [Report]
    let hasReports: Bool

    /// A citizen's report, with a search for what it names when that looks like a CURP or a folio.
    struct Report: Sendable {
        let id: Int
        let received: String
        let description: String
        let facts: [VerifyModel.Result.Fact]
        let searchLink: String?
        let dismiss: String?
        let acted: String?

        init(_ report: ResellerReport, formats: Formats, member: StaffMember, language: Language) {
            let t = Catalogue.of(language)
            id = report.id
            let date = Date(timeIntervalSince1970: TimeInterval(report.createdAt))
            received = "#\(report.id) · " + formats.date(LocalDate(date, in: TimeZone(identifier: "America/Mexico_City")!))
            description = report.description
            facts = [(t.info.reportSubject, report.subject), (t.info.reportLocation, report.location), (t.info.reportContact, report.contact)]
                .filter { !$0.1.isEmpty }.map { VerifyModel.Result.Fact(label: $0.0, value: $0.1) }
            let key = report.subject.trimmingCharacters(in: .whitespaces).uppercased()
            let looksLikeKey = (10...18).contains(key.count) && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            searchLink = looksLikeKey ? SiteURL.staffSearch.path(language) + "?q=" + PercentEncoding.query(key) : nil
            let mayAct = member.may(.actOnReview)
            dismiss = mayAct ? SiteURL.staffReportAction("\(report.id)", ResellerReports.Outcome.dismissed.rawValue).path(language) : nil
            acted = mayAct ? SiteURL.staffReportAction("\(report.id)", ResellerReports.Outcome.acted.rawValue).path(language) : nil
        }
    }
}

/// The model of `staff-account.mustache`: one account's appointments and audit trail, in the reader's words.
struct AccountHistoryModel: Sendable {
    struct Line: Sendable {
        let cells: [String]
    }

    let email: String
    let curp: String
    let name: String
    let bookings: [Line]
    let hasBookings: Bool
    let events: [Line]
    let hasEvents: Bool

    init(account: Account, history: AccountHistory, offices: [String: String], language: Language) {
        let t = Catalogue.of(language)
        let formats = Formats(language: language)
        email = account.email
        curp = account.curp
        name = account.identity.fullName
        bookings = history.bookings.map { booking in
            Line(cells: [
                formats.date(booking.date) + ", " + formats.time(booking.time), offices[booking.officeCode] ?? booking.officeCode, booking.curp,
                booking.folio, AgendaModel.Row.label(booking.status, t), AgendaModel.Row.channel(booking.channel, t),
            ])
        }
        hasBookings = !bookings.isEmpty
        events = history.entries.map { entry in
            let when = Date(timeIntervalSince1970: TimeInterval(entry.at))
            let day = LocalDate(when, in: TimeZone(identifier: "America/Mexico_City")!)
            return Line(cells: [
                formats.date(day) + ", " + formats.time(LocalTime(when, in: TimeZone(identifier: "America/Mexico_City")!)),
                entry.actor.hasPrefix("account:") ? account.email : entry.actor, t.review.action(entry.action), entry.clientAddress ?? "",
            ])
        }
        hasEvents = !events.isEmpty
    }
}
