import CitasDomain
import CitasPersistence

/// The model of `staff-reports.mustache`, with an SVG bar chart drawn by the template from numbers computed here.
struct ReportModel: Sendable {
    struct Row: Sendable {
        let office: String
        let offered: Int
        let booked: Int
        let attended: Int
        let noShow: Int
        let cancelled: Int
        let issued: Int
        let fees: String
        let draws: Int
        let drawRequests: Int
        let drawAllotted: Int
        let minorsBooked: Int
        let minorsIssued: Int
    }

    struct Bar: Sendable {
        let label: String
        let value: Int
        let y: Int
        let width: Int
        let textY: Int
    }

    let month: String
    let action: String
    let csv: String
    let rows: [Row]
    let total: Row
    let bars: [Bar]
    let chartHeight: Int
    let refusals: [RefusalRow]
    let hasRefusals: Bool
    let limits: [RefusalRow]
    let hasLimits: Bool
    let agents: [AgentReportRow]
    let hasAgents: Bool

    init(
        month: String,
        rows: [MonthlyReportRow],
        refusals: [RefusalRow],
        limits: [RefusalRow],
        agents: [AgentReportRow],
        officeNames: [String: String],
        formats: Formats,
        language: Language
    ) {
        self.month = month
        action = SiteURL.staffReports.path(language)
        csv = SiteURL.staffReportsCSV.path(language) + "?month=\(month)"
        func row(_ r: MonthlyReportRow) -> Row {
            Row(
                office: officeNames[r.officeCode].map { "\($0) (\(r.officeCode))" } ?? r.officeCode,
                offered: r.offered,
                booked: r.booked,
                attended: r.attended,
                noShow: r.noShow,
                cancelled: r.cancelled,
                issued: r.issued,
                fees: formats.money(centavos: r.feesCentavos),
                draws: r.draws,
                drawRequests: r.drawRequests,
                drawAllotted: r.drawAllotted,
                minorsBooked: r.minorsBooked,
                minorsIssued: r.minorsIssued
            )
        }
        self.rows = rows.map(row)
        total = row(Self.total(rows))
        let shown = rows.filter { $0.booked > 0 || $0.attended > 0 }
        let most = max(shown.map(\.attended).max() ?? 0, 1)
        bars = shown.enumerated().map { index, r in
            Bar(label: r.officeCode, value: r.attended, y: index * 22, width: max(1, r.attended * 400 / most), textY: index * 22 + 14)
        }
        chartHeight = max(22, shown.count * 22)
        self.refusals = refusals
        hasRefusals = !refusals.isEmpty
        // A refusal's kind is an error code: the reader gets its sentence.
        self.limits = limits.map { row in
            RefusalRow(domain: ErrorCode(rawValue: row.domain)?.message(in: language) ?? row.domain, refusals: row.refusals)
        }
        hasLimits = !limits.isEmpty
        self.agents = agents
        hasAgents = !agents.isEmpty
    }

    /// The sum of every column, labelled TOTAL.
    static func total(_ rows: [MonthlyReportRow]) -> MonthlyReportRow {
        func sum(_ path: KeyPath<MonthlyReportRow, Int>) -> Int { rows.reduce(0) { $0 + $1[keyPath: path] } }
        return MonthlyReportRow(
            officeCode: "TOTAL",
            offered: sum(\.offered),
            booked: sum(\.booked),
            attended: sum(\.attended),
            noShow: sum(\.noShow),
            cancelled: sum(\.cancelled),
            issued: sum(\.issued),
            feesCentavos: sum(\.feesCentavos),
            draws: sum(\.draws),
            drawRequests: sum(\.drawRequests),
            drawAllotted: sum(\.drawAllotted),
            minorsBooked: sum(\.minorsBooked),
            minorsIssued: sum(\.minorsIssued)
        )
    }
}
