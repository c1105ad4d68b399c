import CitasDomain

/// The model of `account.mustache`.
struct AccountModel: Sendable {
    let name: String
    let curp: String
    let email: String
    let birthDate: String
    let birthState: String
    let action: String
    let fields: [FormField]
    let documents: [String]
    let hasDocuments: Bool
    let fee: String?
    let discountedFee: String?
    let draws: [DrawRow]
    let hasDraws: Bool
    let officesLink: String
    let paymentLink: String

    init(
        _ account: Account,
        t: Catalogue,
        formats: Formats,
        fees: FeeSchedule,
        year: Int,
        draws: [DrawRow],
        problems: [FieldProblem],
        language: Language
    ) {
        let identity = account.identity
        name = [identity.givenNames, identity.paternalSurname, identity.maternalSurname].filter { !$0.isEmpty }.joined(separator: " ")
        curp = account.curp
        email = account.email
        birthDate = formats.date(identity.birthDate)
        birthState = CurpStates.named.first { $0.code == identity.birthState }?.name ?? t.forms.bornAbroad
        action = SiteURL.procedure.path(language)
        let a = t.account
        let procedures: [(Procedure, String)] = [
            (.first, a.procedureFirst), (.renewal, a.procedureRenewal), (.minor, a.procedureMinor), (.lost, a.procedureLost),
        ]
        fields = [
            FormField(
                "procedure",
                label: a.procedureTitle,
                problems: problems,
                options: procedures.map { FormField.Option(value: $0.0.rawValue, label: $0.1, selected: account.procedure == $0.0) }
            ),
            FormField(
                "validity",
                label: a.validity,
                hint: a.validityNote,
                problems: problems,
                options: ProcedureChoice.validities.map {
                    FormField.Option(value: "\($0)", label: $0 == 1 ? a.oneYear : "\($0) \(a.years)", selected: account.validityYears == $0)
                }
            ),
        ]
        documents =
            switch account.procedure {
            case .first: a.documentsFirst
            case .renewal: a.documentsRenewal
            case .minor: a.documentsMinor
            case .lost: a.documentsLost
            case nil: []
            }
        hasDocuments = !documents.isEmpty
        let fee = account.validityYears.flatMap { fees.fee(year: year, validityYears: $0) }
        self.fee = fee.map { formats.money(centavos: $0.centavos) }
        discountedFee = fee.map { formats.money(centavos: $0.discountedCentavos) }
        self.draws = draws
        hasDraws = !draws.isEmpty
        officesLink = SiteURL.offices.path(language)
        paymentLink = SiteURL.paymentSheet.path(language)
    }
}
