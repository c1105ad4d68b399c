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
        let csrf: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.post(SiteURL.staffAgendaAction(":folio", "issue").route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .workAgenda) else { return Web.redirect(.staffLogIn, language) }
            _ = try await staff.web.form(IssueForm.self, request)
            guard let issuer else { throw CitasError(.internalError, detail: "no e-passport PKI configured") }
            let folio = try Folio(validating: try context.parameters.require("folio")).value
            let passport = try await issuer.issue(folio: folio, staff: member)
            return Web.redirect(.staffPassport(passport.documentNumber), language)
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
                ["EF.COM", "DG1", "DG2", "EF.SOD"].compactMap { name in files[name].map { (name: name, bytes: $0) } }
                + [(name: "mrz.txt", bytes: Array(passport.mrz.utf8))]
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

    /// The signed-in member allowed to read agendas, and the passport by number if it belongs to their offices.
    private func passport(_ request: Request, _ context: AppRequestContext) async throws -> (StaffMember, IssuedPassport)? {
        guard let member = try await staff.require(request, .readAgenda) else { return nil }
        guard let passport = try await staff.web.app.passports.find(number: try context.parameters.require("number"), staff: member) else {
            throw CitasError(.notFound)
        }
        return (member, passport)
    }
}

/// The model of `staff-passport.mustache`: the data page.
struct PassportModel: Sendable {
    let number: String
    let curp: String
    let office: String
    let validity: Int
    let expiry: String
    let line1: String
    let line2: String
    let zip: String
    let photo: String

    init(_ passport: IssuedPassport, language: Language) {
        number = passport.documentNumber
        curp = passport.curp
        office = passport.officeCode
        validity = passport.validityYears
        expiry = Formats(language: language).date(passport.expiryDate)
        let lines = passport.mrz.split(separator: "\n").map(String.init)
        line1 = lines.first ?? ""
        line2 = lines.dropFirst().first ?? ""
        zip = SiteURL.staffPassportZip(passport.documentNumber).path(language)
        photo = SiteURL.staffPassportPhoto(passport.documentNumber).path(language)
    }
}
