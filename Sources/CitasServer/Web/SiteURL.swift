import CitasDomain
import Hummingbird

/// Every page a link or a form can point at. Pages build links only from here, so a renamed route cannot leave a
/// dead link behind.
enum SiteURL: Sendable, Hashable {
    case home
    case register
    case registered
    case resendVerification
    case verify
    case logIn
    case logOut
    case forgotPassword
    case resetPassword
    case account
    case procedure
    case paymentSheet
    case offices
    case office(String)
    case officeDay(String, String)
    /// An office's waiting-room screen: turns called, nobody's name.
    case nowServing(String)
    case drawRequest(String)
    case withdrawRequest(String)
    case book(String)
    case appointment
    case appointmentCalendar
    case cancel
    case powChallenge
    case family
    case familyRemove(String)
    case familyMember(String)
    case familyCancel(String)
    case privacy
    case help
    case accessibility
    case reportReseller
    case staffLogIn
    case staffLogOut
    case staffDesk
    case staffAgenda(String)
    case staffAgendaAction(String, String)
    case staffSearch
    case staffVerify
    case staffPassport(String)
    case staffPassportZip(String)
    case staffPassportPhoto(String)
    case staffPhone
    case staffSettings(String)
    case staffSettingsAction(String, String)
    case staffPayments
    case staffImport
    case staffReports
    case staffReportsCSV
    case staffReview
    case staffSuspend(String)
    case staffDismiss(String)
    case staffAccountHistory(String)
    case staffReleaseMember(String)
    case staffReportAction(String, String)
    case staffSecondFactor
    case staffPassword
    case staffMembers
    case staffMemberAction(String, String)

    /// The path in `language`; every page lives under `/es` or `/en`.
    func path(_ language: Language) -> String {
        relative.isEmpty ? "/\(language.rawValue)" : "/\(language.rawValue)/\(relative)"
    }

    /// The pattern the router registers, built from the same text with parameters as placeholders, e.g.
    /// `SiteURL.office(":code").route` is `:lang/offices/:code`.
    var route: RouterPath { RouterPath(relative.isEmpty ? ":lang" : ":lang/\(relative)") }

    private var relative: String {
        switch self {
        case .home: ""
        case .register: "register"
        case .registered: "register/sent"
        case .resendVerification: "register/resend"
        case .verify: "verify"
        case .logIn: "login"
        case .logOut: "logout"
        case .forgotPassword: "password/forgot"
        case .resetPassword: "password/reset"
        case .account: "account"
        case .procedure: "account/procedure"
        case .paymentSheet: "account/payment"
        case .offices: "offices"
        case .office(let code): "offices/\(code)"
        case .officeDay(let code, let date): "offices/\(code)/\(date)"
        case .nowServing(let code): "offices/\(code)/turns"
        case .drawRequest(let code): "offices/\(code)/draw"
        case .withdrawRequest(let id): "account/requests/\(id)/withdraw"
        case .book(let code): "offices/\(code)/book"
        case .appointment: "appointment"
        case .appointmentCalendar: "appointment.ics"
        case .cancel: "appointment/cancel"
        case .powChallenge: "pow"
        case .family: "family"
        case .familyRemove(let id): "family/\(id)/remove"
        case .familyMember(let id): "family/\(id)"
        case .familyCancel(let id): "family/\(id)/cancel"
        case .privacy: "privacy"
        case .help: "help"
        case .accessibility: "accessibility"
        case .reportReseller: "report"
        case .staffLogIn: "staff/login"
        case .staffLogOut: "staff/logout"
        case .staffDesk: "staff"
        case .staffAgenda(let code): "staff/offices/\(code)/agenda"
        case .staffAgendaAction(let folio, let action): "staff/appointments/\(folio)/\(action)"
        case .staffSearch: "staff/search"
        case .staffVerify: "staff/verify"
        case .staffPassport(let number): "staff/passports/\(number)"
        case .staffPassportZip(let number): "staff/passports/\(number)/chip.zip"
        case .staffPassportPhoto(let number): "staff/passports/\(number)/photo.jpg"
        case .staffPhone: "staff/phone"
        case .staffSettings(let code): "staff/offices/\(code)/settings"
        case .staffSettingsAction(let code, let action): "staff/offices/\(code)/settings/\(action)"
        case .staffPayments: "staff/payments"
        case .staffImport: "staff/payments/import"
        case .staffReports: "staff/reports"
        case .staffReportsCSV: "staff/reports.csv"
        case .staffReview: "staff/review"
        case .staffSuspend(let account): "staff/review/\(account)/suspend"
        case .staffDismiss(let account): "staff/review/\(account)/dismiss"
        case .staffAccountHistory(let account): "staff/accounts/\(account)"
        case .staffReleaseMember(let curp): "staff/households/\(curp)/release"
        case .staffReportAction(let id, let outcome): "staff/review/reports/\(id)/\(outcome)"
        case .staffSecondFactor: "staff/second-factor"
        case .staffPassword: "staff/password"
        case .staffMembers: "staff/members"
        case .staffMemberAction(let id, let action): "staff/members/\(id)/\(action)"
        }
    }
}
