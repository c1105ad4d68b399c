import CitasDomain
import CitasPassport
import CitasPersistence
import Foundation
import Hummingbird
import NIOCore

/// Issuance in the back office: a clerk issues the passport of an attended, paid appointment, then sees its data
/// page with the MRZ and downloads the chip files.
struct PassportPages {
    let staff: StaffWeb
    let issuer: PassportIssuer?

    struct IssueForm: Decodable {
        let photo: Data?
    }

    /// The model of `staff-issue.mustache`: the photo upload that issues the passport.
    struct IssueModel: Sendable {
        let folio: String
        let action: String
        let error: String?
        /// Whom the passport is for, to confirm before the photo.
        let name: String
        let curp: String
        let birthDate: String
        let validity: Int
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.staffAgendaAction(":folio", "issue").route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .workAgenda) else { return Web.redirect(.staffLogIn, language) }
            let folio = try Folio(validating: try context.parameters.require("folio")).value
            return try await issuePage(request, language, member, folio: folio)
        }
        router.post(SiteURL.staffAgendaAction(":folio", "issue").route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .workAgenda) else { return Web.redirect(.staffLogIn, language) }
            // Room for the largest photo accepted plus the form's own bytes, so a too-large photo gets its own answer.
            let form = try await staff.web.uploadForm(IssueForm.self, request, limit: 2 * PassportPhoto.maximumBytes + 16 * 1024)
            guard let issuer else { throw CitasError(.internalError, detail: "no e-passport PKI configured") }
            let folio = try Folio(validating: try context.parameters.require("folio")).value
            do {
                let passport = try await issuer.issue(folio: folio, staff: member, photo: Array(form.photo ?? Data()))
                return Web.redirect(.staffPassport(passport.documentNumber), language)
            } catch let error as CitasError where [.photoFormat, .photoTooLarge, .photoDimensions].contains(error.code) {
                return try await issuePage(request, language, member, folio: folio, problem: error)
            }
        }
        router.get(SiteURL.staffPassport(":number").route) { request, context in
            let language = try staff.web.language(context)
            guard let (member, passport) = try await passport(request, context) else { return Web.redirect(.staffLogIn, language) }
            let body = PassportModel(passport, language: language)
            return try await staff.page(
                "staff-passport",
                title: Catalogue.of(language).staff.passportTitle,
                member: member,
                body: body,
                request: request,
                language: language
            )
        }
        router.get(SiteURL.staffPassportZip(":number").route) { request, context in
            let language = try staff.web.language(context)
            guard let (_, passport) = try await passport(request, context) else { return Web.redirect(.staffLogIn, language) }
            let files = PassportIssuer.files(passport)
            let entries =
                files.sorted { $0.key < $1.key }.map { (name: $0.key, bytes: $0.value) } + [(name: "mrz.txt", bytes: Array(passport.mrz.utf8))]
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/zip", .contentDisposition: "attachment; filename=\"\(passport.documentNumber).zip\"",
                    .cacheControl: "no-store",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: ZipArchive.stored(entries)))
            )
        }
        router.get(SiteURL.staffPassportPhoto(":number").route) { request, context in
            let language = try staff.web.language(context)
            guard let (_, passport) = try await passport(request, context) else { return Web.redirect(.staffLogIn, language) }
            guard let jpeg = try PassportIssuer.files(passport)["DG2"].flatMap({ try DG2.jpeg(in: $0) }) else { throw CitasError(.notFound) }
            return Response(
                status: .ok,
                headers: [.contentType: "image/jpeg", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: jpeg))
            )
        }
    }

    private func issuePage(
        _ request: Request,
        _ language: Language,
        _ member: StaffMember,
        folio: String,
        problem: CitasError? = nil
    ) async throws
        -> Response
    {
        // Not attended, already issued or unpaid: said at once, before anyone takes a photo.
        let preview = try await staff.web.app.passports.preview(folio: folio, staff: member)
        let message = problem?.message(in: language)
        let body = IssueModel(
            folio: folio,
            action: SiteURL.staffAgendaAction(folio, "issue").path(language),
            error: message,
            name: preview.identity.fullName,
            curp: preview.curp,
            birthDate: Formats(language: language).date(preview.identity.birthDate),
            validity: preview.validityYears
        )
        return try await staff.page(
            "staff-issue",
            title: Catalogue.of(language).staff.issue,
            member: member,
            body: body,
            request: request,
            language: language,
            status: problem?.code.httpStatus,
            problems: message.map { [FieldProblem(field: "photo", message: $0)] } ?? []
        )
    }

    /// The signed-in member allowed to read agendas, and the passport by number if it belongs to their offices.
    private func passport(_ request: Request, _ context: AppRequestContext) async throws -> (StaffMember, IssuedPassport)? {
        guard let member = try await staff.require(request, .readAgenda) else { return nil }
        guard let passport = try await staff.web.app.passports.find(number: try context.parameters.require("number"), staff: member) else {
            throw CitasError(.notFound)
        }
        return (member, passport)
    }
}

/// The model of `staff-passport.mustache`: the data page, its visual zone read from the chip (DG1, DG11, DG12) so
/// the page shows exactly what was signed.
struct PassportModel: Sendable {
    let number: String
    let curp: String
    let office: String
    let validity: Int
    let expiry: String
    let surname: String?
    let givenNames: String?
    let nationality: String
    let birthDate: String?
    let birthPlace: String?
    let sex: String
    let issueDate: String?
    let authority: String?
    let line1: String
    let line2: String
    let zip: String
    let photo: String

    init(_ passport: IssuedPassport, language: Language) {
        let formats = Formats(language: language)
        let files = PassportIssuer.files(passport)
        let dg11 = files["DG11"].flatMap { try? AdditionalDetails.fields($0) } ?? [:]
        let dg12 = files["DG12"].flatMap { try? AdditionalDetails.fields($0) } ?? [:]
        let name = dg11[0x5F0E]?.components(separatedBy: "<<").map { $0.replacingOccurrences(of: "<", with: " ") }
        number = passport.documentNumber
        curp = passport.curp
        office = passport.officeCode
        validity = passport.validityYears
        expiry = formats.date(passport.expiryDate)
        surname = name?.first
        givenNames = name.flatMap { $0.count > 1 ? $0[1] : nil }
        birthDate = dg11[0x5F2B].flatMap(Self.date).map(formats.date)
        birthPlace = dg11[0x5F11]?.replacingOccurrences(of: "<", with: " ")
        issueDate = dg12[0x5F26].flatMap(Self.date).map(formats.date)
        authority = dg12[0x5F19]
        let lines = passport.mrz.split(separator: "\n").map(String.init)
        line1 = lines.first ?? ""
        line2 = lines.dropFirst().first ?? ""
        // Nationality and sex as the zone holds them (the filler prints as X on the data page).
        let zone = try? TD3(line1: line1, line2: line2)
        nationality = zone?.nationality ?? ""
        sex = zone.map { $0.sex == "<" ? "X" : String($0.sex) } ?? ""
        zip = SiteURL.staffPassportZip(passport.documentNumber).path(language)
        photo = SiteURL.staffPassportPhoto(passport.documentNumber).path(language)
    }

    /// `YYYYMMDD` as DG11 and DG12 write dates.
    static func date(_ text: String) -> LocalDate? {
        guard text.count == 8 else { return nil }
        return try? LocalDate("\(text.prefix(4))-\(text.dropFirst(4).prefix(2))-\(text.suffix(2))")
    }
}
