import CitasDomain
import CitasPersistence
import HTTPTypes
import Hummingbird

/// What staff pages share: the staff session cookie, the permission check, and the frame with the staff menu.
struct StaffWeb: Sendable {
    static let cookie = "citas_staff"

    let web: Web
    let staff: StaffStore
    let hasher: PasswordHasher

    var secondFactor: SecondFactor { SecondFactor(staff: staff) }

    /// The session cookie's token, when it has a plausible one.
    static func token(_ request: Request) -> SecretToken? {
        guard let value = request.cookies[cookie]?.value, value.count <= 128 else { return nil }
        return SecretToken(value: value)
    }

    /// The member of the session cookie, if live and past the second factor their role needs.
    func member(_ request: Request) async throws -> StaffMember? {
        guard let token = Self.token(request), let member = try await staff.member(session: token, now: web.app.clock.now().epoch) else {
            return nil
        }
        RequestLog.facts?.staff(member.id)
        return member
    }

    /// The member of a live session who gave the password but must still set up their second factor.
    func pendingEnrolment(_ request: Request) async throws -> (member: StaffMember, token: SecretToken)? {
        guard let token = Self.token(request), let session = try await staff.session(token, now: web.app.clock.now().epoch),
            !session.secondFactor, session.member.role.requiresSecondFactor
        else { return nil }
        return (session.member, token)
    }

    /// The signed-in member allowed to do `action` (on `office`'s data when named); `staff_forbidden` otherwise.
    /// Nil means nobody is signed in: the caller redirects to the staff log-in.
    func require(_ request: Request, _ action: StaffAction, office: String? = nil) async throws -> StaffMember? {
        guard let member = try await member(request) else { return nil }
        guard member.may(action, office: office) else { throw CitasError(.staffForbidden) }
        return member
    }

    func page(
        _ template: String,
        title: String,
        member: StaffMember,
        body: some Sendable,
        request: Request,
        language: Language,
        status: HTTPResponse.Status? = nil,
        problems: [FieldProblem] = [],
        notice: String? = nil
    )
        async throws -> Response
    {
        let model = StaffPage(nav: StaffNav(member, language: language), body: body)
        var response = try await web.page(
            template,
            title: title,
            model: model,
            request: request,
            language: language,
            status: status,
            problems: problems,
            notice: notice
        )
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

/// A staff page's model: the menu and the page's own part.
struct StaffPage<Body: Sendable>: Sendable {
    let nav: StaffNav
    let body: Body
}

/// The staff menu, showing only what the member may open.
struct StaffNav: Sendable {
    let name: String
    let role: String
    let desk: String
    let search: String
    let verify: String
    let reports: String?
    let review: String?
    let importPayments: String?
    let phone: String?
    let members: String?
    let password: String
    let logOut: String

    init(_ member: StaffMember, language: Language) {
        name = member.name
        role = Catalogue.of(language).security.roleName(member.role)
        desk = SiteURL.staffDesk.path(language)
        search = SiteURL.staffSearch.path(language)
        verify = SiteURL.staffVerify.path(language)
        reports = member.may(.readReports) ? SiteURL.staffReports.path(language) : nil
        review = member.may(.readReview) ? SiteURL.staffReview.path(language) : nil
        importPayments = member.may(.workAgenda) ? SiteURL.staffImport.path(language) : nil
        phone = member.may(.bookByPhone) ? SiteURL.staffPhone.path(language) : nil
        members = member.may(.manageStaff) ? SiteURL.staffMembers.path(language) : nil
        password = SiteURL.staffPassword.path(language)
        logOut = SiteURL.staffLogOut.path(language)
    }
}
