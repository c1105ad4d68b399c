import CitasDomain
import CitasPersistence
import Foundation
import Hummingbird
import NIOCore

/// Monthly figures per office (only the member's offices for managers), with totals, a chart and a CSV export.
struct ReportPages {
    let staff: StaffWeb
    let reports: ReportStore

    func register(on router: Router<AppRequestContext>) {
        router.get(SiteURL.staffReports.route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .readReports) else { return Web.redirect(.staffLogIn, language) }
            let month = try month(request)
            let rows = try await reports.monthly(month, offices: member.role.isNational ? nil : member.offices)
            let body = ReportModel(
                month: month,
                rows: rows,
                refusals: try await reports.refusals(month),
                limits: try await staff.web.app.refusals.monthly(month).map { RefusalRow(domain: $0.kind, refusals: $0.refusals) },
                agents: try await reports.phoneAgents(month),
                officeNames: Dictionary(uniqueKeysWithValues: try await staff.web.app.offices.all().map { ($0.code, $0.name) }),
                formats: Formats(language: language),
                language: language
            )
            return try await staff.page(
                "staff-reports",
                title: Catalogue.of(language).staff.reportsTitle,
                member: member,
                body: body,
                request: request,
                language: language
            )
        }
        router.get(SiteURL.staffReportsCSV.route) { request, context in
            let language = try staff.web.language(context)
            guard let member = try await staff.require(request, .readReports) else { return Web.redirect(.staffLogIn, language) }
            let month = try month(request)
            let rows = try await reports.monthly(month, offices: member.role.isNational ? nil : member.offices)
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"citas-\(month).csv\""],
                body: .init(byteBuffer: ByteBuffer(string: ReportCSV.text(month: month, rows: rows)))
            )
        }
    }

    /// `?month=YYYY-MM`, defaulting to the current month.
    private func month(_ request: Request) throws -> String {
        guard let text = request.uri.queryParameters.get("month").map({ String($0) }) else {
            return String(staff.web.app.today.description.prefix(7))
        }
        _ = try LocalDate(text + "-01")
        return text
    }
}

/// The report as CSV: one line per office, then the totals.
public enum ReportCSV {
    static let header =
        "month,office,offered,booked,attended,no_show,cancelled,issued,fees_mxn,draws,draw_requests,draw_allotted,minors_booked,minors_issued"

    public static func text(month: String, rows: [MonthlyReportRow]) -> String {
        let lines = (rows + [ReportModel.total(rows)]).map { row in
            [
                month, row.officeCode, "\(row.offered)", "\(row.booked)", "\(row.attended)", "\(row.noShow)", "\(row.cancelled)", "\(row.issued)",
                String(format: "%.2f", Double(row.feesCentavos) / 100), "\(row.draws)", "\(row.drawRequests)", "\(row.drawAllotted)",
                "\(row.minorsBooked)", "\(row.minorsIssued)",
            ].joined(separator: ",")
        }
        return ([header] + lines).joined(separator: "\r\n") + "\r\n"
    }
}
