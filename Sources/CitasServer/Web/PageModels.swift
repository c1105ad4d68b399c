import CitasDomain

/// A link with its text.
struct Link: Sendable {
    let href: String
    let text: String
}

/// A hidden form value (a token from an e-mail link, a folio).
struct Hidden: Sendable {
    let name: String
    let value: String
}

/// The model of `form.mustache`: one form with its fields, an optional proof-of-work and links below it.
struct FormPage: Sendable {
    let heading: String
    let intro: String?
    let action: String
    let hidden: [Hidden]
    let fields: [FormField]
    let pow: PowModel?
    let submit: String
    let links: [Link]

    init(
        heading: String,
        intro: String? = nil,
        action: String,
        hidden: [Hidden] = [],
        fields: [FormField],
        pow: PowModel? = nil,
        submit: String,
        links: [Link] = []
    ) {
        self.heading = heading
        self.intro = intro
        self.action = action
        self.hidden = hidden
        self.fields = fields
        self.pow = pow
        self.submit = submit
        self.links = links
    }
}

/// The model of `message.mustache`: a heading, paragraphs and a way on.
struct MessagePage: Sendable {
    let heading: String
    let body: [String]
    let link: Link?
}

/// The model of `error.mustache`.
struct ErrorPage: Sendable {
    let heading: String
    let message: String
    /// When to try again, in words ("Podrá intentarlo de nuevo en 3 minutos.").
    let retryAfter: String?
}

/// A proof-of-work challenge as a form carries it: the page's script appends the nonce to `prefix`.
struct PowModel: Sendable {
    let salt: String
    let difficulty: Int
    let prefix: String
    /// `GET /{lang}/pow?…`: a fresh challenge for the same purpose, which the page's script fetches and solves when
    /// the person submits after this one expired (a slow phone keeps its form).
    let refresh: String

    init(_ challenge: ProofOfWorkChallenge, binding: ProofOfWorkBinding, language: Language) {
        salt = challenge.salt
        difficulty = challenge.difficulty
        prefix = challenge.proof(nonce: "")
        let office = binding.office.isEmpty ? "" : "&office=\(PercentEncoding.query(binding.office))"
        refresh = SiteURL.powChallenge.path(language) + "?scope=\(PercentEncoding.query(binding.scope))" + office
    }
}
