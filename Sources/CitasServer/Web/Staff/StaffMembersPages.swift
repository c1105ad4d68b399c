import CitasDomain
import CitasPersistence
import Hummingbird

/// The staff's own password, and the admins' list of staff: disable a member, or reset their access (a temporary
/// password shown once, second factor to set up again). Every change is audited by the store.
struct StaffMembersPages {
    let staff: StaffWeb

    struct PasswordForm: Decodable {
        let current: String?
        let new: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.staffPassword.route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.member(request) else { return Web.redirect(.staffLogIn, language) }
            return try await passwordPage(request, language, member)
        }
        router.post(SiteURL.staffPassword.route) { request, context in
            let language = try staff.web.language(context)
            let form = try await staff.web.form(PasswordForm.self, request)
            guard let member = try await staff.member(request), let token = StaffWeb.token(request) else {
                return Web.redirect(.staffLogIn, language)
            }
            guard let hash = try await staff.staff.passwordHash(staffId: member.id),
                try await staff.hasher.verify(String((form.current ?? "").prefix(200)), against: hash)
            else {
                let problem = FieldProblem(field: "current", message: ErrorCode.invalidCredentials.message(in: language))
                return try await passwordPage(request, language, member, problems: [problem])
            }
            do throws(CitasError) {
                try PasswordPolicy.check(form.new ?? "")
            } catch {
                return try await passwordPage(request, language, member, problems: [FieldProblem(field: "new", message: error.message(in: language))])
            }
            let newHash = try await staff.hasher.hash(form.new ?? "")
            try await staff.staff.changePassword(staffId: member.id, passwordHash: newHash, keeping: token, now: staff.web.app.clock.now().epoch)
            return try await passwordPage(request, language, member, notice: Catalogue.of(language).security.passwordChanged)
        }
        router.get(SiteURL.staffMembers.route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .manageStaff) else { return Web.redirect(.staffLogIn, language) }
            return try await membersPage(request, language, member)
        }
        router.post(SiteURL.staffMemberAction(":id", ":action").route) { request, context in
            let language = try staff.web.language(context)
            _ = try await staff.web.form(PasswordForm.self, request)
            guard let member = try await staff.require(request, .manageStaff) else { return Web.redirect(.staffLogIn, language) }
            let id = String(try context.parameters.require("id").prefix(64))
            let t = Catalogue.of(language).security
            let now = staff.web.app.clock.now().epoch
            switch try context.parameters.require("action") {
            case "disable":
                guard try await staff.staff.disable(staffId: id, actor: member.actor, now: now) else { throw CitasError(.notFound) }
                return try await membersPage(request, language, member, notice: t.disabledDone)
            case "reset":
                guard id != member.id else { throw CitasError(.staffForbidden) }
                let temporary = Self.temporaryPassword()
                let hash = try await staff.hasher.hash(temporary)
                guard try await staff.staff.resetCredentials(staffId: id, passwordHash: hash, actor: member.actor, now: now) else {
                    throw CitasError(.notFound)
                }
                return try await membersPage(request, language, member, notice: "\(t.resetDone) \(temporary)")
            default:
                throw CitasError(.notFound)
            }
        }
    }

    /// Four groups of four, e.g. `Kp7m-x3Tw-9qRs-b2#n`: satisfies the password rules and reads out clearly.
    static func temporaryPassword() -> String {
        let letters = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        let groups = (0..<4).map { _ in String((0..<4).map { _ in letters[Int.random(in: 0..<letters.count, using: &generator)] }) }
        // One of each class the rules ask for, whatever the draw gave.
        return groups.joined(separator: "-") + "-Aa7#"
    }

    private func passwordPage(
        _ request: Request,
        _ language: Language,
        _ member: StaffMember,
        problems: [FieldProblem] = [],
        notice: String? = nil
    ) async throws -> Response {
        let t = Catalogue.of(language)
        let body = FormPage(
            heading: t.security.passwordTitle,
            action: SiteURL.staffPassword.path(language),
            fields: [
                FormField("current", label: t.security.currentPassword, type: "password", problems: problems, autocomplete: "current-password"),
                FormField(
                    "new",
                    label: t.security.newPassword,
                    type: "password",
                    hint: t.forms.passwordHint,
                    problems: problems,
                    autocomplete: "new-password"
                ),
            ],
            submit: t.common.continueButton
        )
        return try await staff.page(
            "staff-form",
            title: t.security.passwordTitle,
            member: member,
            body: body,
            request: request,
            language: language,
            problems: problems,
            notice: notice
        )
    }

    private func membersPage(_ request: Request, _ language: Language, _ member: StaffMember, notice: String? = nil) async throws -> Response {
        let t = Catalogue.of(language).security
        let rows = try await staff.staff.list().map { listing in
            MembersModel.Row(
                email: listing.email,
                name: listing.name,
                role: t.roleName(listing.role),
                offices: listing.offices.joined(separator: ", "),
                secondFactor: listing.role.requiresSecondFactor ? (listing.secondFactor ? t.enrolled : t.pending) : "—",
                state: listing.disabled ? t.disabled : t.active,
                disable: listing.disabled || listing.id == member.id ? nil : SiteURL.staffMemberAction(listing.id, "disable").path(language),
                reset: listing.id == member.id ? nil : SiteURL.staffMemberAction(listing.id, "reset").path(language)
            )
        }
        return try await staff.page(
            "staff-members",
            title: t.membersTitle,
            member: member,
            body: MembersModel(rows: rows),
            request: request,
            language: language,
            notice: notice
        )
    }
}

/// The model of `staff-members.mustache`.
struct MembersModel: Sendable {
    struct Row: Sendable {
        let email: String
        let name: String
        let role: String
        let offices: String
        let secondFactor: String
        let state: String
        let disable: String?
        let reset: String?
    }

    let rows: [Row]
}
