import CitasDomain
import CitasPersistence
import Foundation
import Hummingbird

/// The privacy notice, help and contact, the accessibility statement, and the public form to report a reseller
/// (into the staff review queue, limited per address like every other public write).
struct InfoPages {
    let web: Web

    /// Five reports an hour from one address: enough for a family, too few to flood the queue.
    static let reportLimit = RateRule(name: "report:address", key: .address, limit: 5, window: 3600, shared: true)

    struct Report: Decodable {
        let description: String?
        let subject: String?
        let location: String?
        let contact: String?
    }

    func register(on router: Router<AppRequestContext>) {
        for url in [SiteURL.privacy, .help, .accessibility] {
            router.get(url.route) { request, context in
                let language = try web.language(context)
                let t = Catalogue.of(language).info
                let (heading, lead, sections) =
                    switch url {
                    case .privacy: (t.privacy, t.privacyLead, t.privacySections)
                    case .help: (t.help, t.helpLead, t.helpSections)
                    default: (t.accessibility, t.accessibilityLead, t.accessibilitySections)
                    }
                let model = InfoModel(heading: heading, lead: lead, sections: sections, phone: url == .help ? web.renderer.helpPhone : nil)
                return try await web.page("info", title: heading, model: model, request: request, language: language)
            }
        }
        router.get(SiteURL.reportReseller.route) { request, context in
            try await reportForm(request, language: try web.language(context))
        }
        router.post(SiteURL.reportReseller.route) { request, context in
            let language = try web.language(context)
            let form = try await web.form(Report.self, request)
            do {
                try await web.limiter.check([Self.reportLimit], context)
                let number = try await web.app.resellerReports.submit(
                    description: form.description ?? "",
                    subject: form.subject ?? "",
                    location: form.location ?? "",
                    contact: form.contact ?? "",
                    language: language
                )
                let t = Catalogue.of(language)
                return try await web.page(
                    "message",
                    title: t.info.report,
                    model: MessagePage(
                        heading: t.info.report,
                        body: [t.info.reportThanks.replacingOccurrences(of: "{number}", with: "\(number)")],
                        link: Link(href: SiteURL.home.path(language), text: t.errors.back)
                    ),
                    request: request,
                    language: language
                )
            } catch let error as CitasError where error.code != .rateLimited {
                let field = ["subject", "location", "contact"].first { $0 == error.detail } ?? "description"
                let problem = FieldProblem(field: field, message: error.message(in: language))
                return try await reportForm(request, language: language, typed: form, problems: [problem], status: error.code.httpStatus)
            }
        }
    }

    private func reportForm(
        _ request: Request,
        language: Language,
        typed: Report? = nil,
        problems: [FieldProblem] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let t = Catalogue.of(language).info
        let model = FormPage(
            heading: t.report,
            intro: t.reportLead,
            action: SiteURL.reportReseller.path(language),
            fields: [
                FormField(
                    "description",
                    label: t.reportDescription,
                    type: "textarea",
                    value: typed?.description ?? "",
                    hint: t.reportDescriptionHint,
                    problems: problems
                ),
                FormField(
                    "subject",
                    label: t.reportSubject,
                    value: typed?.subject ?? "",
                    hint: t.reportSubjectHint,
                    problems: problems,
                    required: false
                ),
                FormField(
                    "location",
                    label: t.reportLocation,
                    value: typed?.location ?? "",
                    hint: t.reportLocationHint,
                    problems: problems,
                    required: false
                ),
                FormField(
                    "contact",
                    label: t.reportContact,
                    type: "email",
                    value: typed?.contact ?? "",
                    hint: t.reportContactHint,
                    problems: problems,
                    required: false,
                    autocomplete: "email"
                ),
            ],
            submit: t.reportSend,
            links: [Link(href: SiteURL.privacy.path(language), text: t.reportPrivacy)]
        )
        return try await web.page("form", title: t.report, model: model, request: request, language: language, status: status, problems: problems)
    }
}

/// The model of `info.mustache`.
struct InfoModel: Sendable {
    let heading: String
    let lead: String
    let sections: [InfoText.Section]
    /// The help line, shown large on the help page.
    let phone: String?
    let phoneLink: String?

    init(heading: String, lead: String, sections: [InfoText.Section], phone: String?) {
        self.heading = heading
        self.lead = lead
        self.sections = sections
        self.phone = phone
        phoneLink = phone.map { "tel:" + $0.filter { $0.isNumber || $0 == "+" } }
    }
}
