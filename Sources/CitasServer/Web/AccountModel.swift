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
        name = identity.fullName
        curp = account.curp
        email = account.email
        birthDate = formats.date(identity.birthDate)
        birthState = CurpStates.named.first { $0.code == identity.birthState }?.name ?? t.forms.bornAbroad
        action = SiteURL.procedure.path(language)
        let a = t.account
        fields = [
            FormField(
                "procedure",
                label: a.procedureTitle,
                problems: problems,
                options: Procedure.allCases.map { FormField.Option(value: $0.rawValue, label: a.name(of: $0), selected: account.procedure == $0) }
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
        documents = account.procedure.map(a.documents(for:)) ?? []
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

extension AccountText {
    /// A procedure's name as the person chose it.
    func name(of procedure: Procedure) -> String {
        switch procedure {
        case .first: procedureFirst
        case .renewal: procedureRenewal
        case .minor: procedureMinor
        case .lost: procedureLost
        }
    }

    /// The documents a procedure asks for at the counter.
    func documents(for procedure: Procedure) -> [String] {
        switch procedure {
        case .first: documentsFirst
        case .renewal: documentsRenewal
        case .minor: documentsMinor
        case .lost: documentsLost
        }
    }
}
