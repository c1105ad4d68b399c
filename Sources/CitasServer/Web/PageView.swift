import CitasDomain
import Foundation

/// What every template receives: the texts of the page's language, the frame's links and state, and the page's
/// own model under `page`.
struct PageView<Model: Sendable>: Sendable {
    let t: Catalogue
    let lang: String
    let title: String
    let signedIn: Bool
    let csrf: String
    let links: NavLinks
    let problems: [FieldProblem]
    let hasProblems: Bool
    let notice: String?
    let page: Model
}

/// The links of the frame, built from `SiteURL`.
struct NavLinks: Sendable {
    let home: String
    let offices: String
    let appointment: String
    let account: String
    let family: String
    let logIn: String
    let register: String
    let logOut: String
    let otherLanguage: String
    let otherLang: String
    let privacy: String
    let help: String
    let accessibility: String
    let report: String
    /// The help line as shown, and as a `tel:` link.
    let phone: String
    let phoneLink: String

    init(_ language: Language, path: String, phone: String) {
        home = SiteURL.home.path(language)
        offices = SiteURL.offices.path(language)
        appointment = SiteURL.appointment.path(language)
        account = SiteURL.account.path(language)
        family = SiteURL.family.path(language)
        logIn = SiteURL.logIn.path(language)
        register = SiteURL.register.path(language)
        logOut = SiteURL.logOut.path(language)
        privacy = SiteURL.privacy.path(language)
        help = SiteURL.help.path(language)
        accessibility = SiteURL.accessibility.path(language)
        report = SiteURL.reportReseller.path(language)
        self.phone = Catalogue.of(language).info.phoneLine.replacingOccurrences(of: "{phone}", with: phone)
        phoneLink = "tel:" + phone.filter { $0.isNumber || $0 == "+" }
        let other: Language = language == .es ? .en : .es
        otherLang = other.rawValue
        // The same page in the other language: only the prefix differs.
        otherLanguage = "/\(other.rawValue)" + path.dropFirst(3)
    }
}

/// One wrong field: shown next to the field and, linked to it, in the summary at the top.
struct FieldProblem: Sendable, Hashable {
    let field: String
    let message: String
}

/// A form input as the `field` partial draws it: label, hint, the value typed so far and its error.
struct FormField: Sendable {
    let name: String
    let label: String
    let type: String
    let value: String
    let hint: String?
    let error: String?
    let required: Bool
    let autocomplete: String
    let describedBy: String?
    let options: [Option]
    /// Stored, not computed: templates see only stored properties (they read models through `Mirror`).
    let isSelect: Bool
    /// Several lines of text (`type: "textarea"`).
    let isTextArea: Bool
    /// A date typed as day, month and year apart (numeric keyboards, no format to guess); the first part carries
    /// the field's name as its id, so the error summary's link lands on it.
    let dateParts: [DatePart]
    let isDate: Bool

    struct DatePart: Sendable {
        let name: String
        let label: String
        let value: String
        /// `day`, `month` or `year`: the CSS class that sizes the box.
        let size: String
        var id: String = ""
    }

    struct Option: Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    init(
        _ name: String,
        label: String,
        type: String = "text",
        value: String = "",
        hint: String? = nil,
        problems: [FieldProblem] = [],
        required: Bool = true,
        autocomplete: String = "off",
        options: [Option] = [],
        dateParts: [DatePart] = []
    ) {
        self.name = name
        self.label = label
        self.type = type
        self.value = value
        self.hint = hint
        self.error = problems.first { $0.field == name }?.message
        self.required = required
        self.autocomplete = autocomplete
        let ids = [hint.map { _ in "\(name)-hint" }, error.map { _ in "\(name)-error" }].compactMap { $0 }
        describedBy = ids.isEmpty ? nil : ids.joined(separator: " ")
        self.options = options
        isSelect = !options.isEmpty
        isTextArea = type == "textarea"
        self.dateParts = dateParts.enumerated().map { index, part in
            var part = part
            part.id = index == 0 ? name : "\(name)-\(part.size)"
            return part
        }
        isDate = !dateParts.isEmpty
    }
}
