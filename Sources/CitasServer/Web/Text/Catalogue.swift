import CitasDomain

/// Every string the pages show, one instance per language. Each field is a `let` without a default, so a
/// translation that leaves one out does not compile; a test checks that every `{{t.…}}` a template names exists.
struct Catalogue: Sendable {
    let common: CommonText
    let home: HomeText
    let forms: FormText
    let account: AccountText
    let offices: OfficeText
    let appointment: AppointmentText
    let staff: StaffText
    let security: SecurityText
    let verify: VerifyText
    let info: InfoText
    let family: FamilyText
    let counter: CounterText
    let review: ReviewText
    let phone: PhoneText
    let errors: ErrorText

    static func of(_ language: Language) -> Catalogue {
        switch language {
        case .es: .es
        case .en: .en
        }
    }
}

/// The frame around every page.
struct CommonText: Sendable {
    let siteName: String
    let skipLink: String
    let navOffices: String
    let navAppointment: String
    let navAccount: String
    let navLogIn: String
    let navRegister: String
    let navLogOut: String
    let otherLanguage: String
    let footer: String
    let optional: String
    let errorSummary: String
    /// Starts the title of a page that refused a form ("Error:").
    let errorTitle: String
    let continueButton: String
    let locale: String
}

/// The home page: what the service is and how it works.
struct HomeText: Sendable {
    let title: String
    let lead: String
    let howTitle: String
    let how: [String]
    let bringTitle: String
    let bring: [String]
    let register: String
    let logIn: String
}
