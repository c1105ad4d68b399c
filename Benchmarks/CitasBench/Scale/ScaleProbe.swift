import CitasDomain
import CitasPersistence
import CitasServer
import Foundation
import SQLKit

/// Times the reads that must stay flat as the appointments table grows: what citizens poll (availability of the
/// next 30 days, one day's slots), what clerks open all day (an office-day's agenda, a search by CURP), and the
/// operators' jobs and reports (no-show marking, the monthly report of every office).
struct ScaleProbe {
    let context: AppContext
    let samples: Int

    private var staff: StaffMember {
        StaffMember(id: "bench", email: "bench@example.com", name: "Bench", role: .admin, offices: [])
    }

    func run() async throws -> [LoadSummary] {
        let offices = try await context.offices.all()
        let today = LocalDate(Date(), in: TimeZone(identifier: "America/Mexico_City")!)
        let curps = try await context.database.read { sql in
            try await sql.raw("SELECT curp FROM appointments ORDER BY folio LIMIT 1000").all().map { try $0.decode(column: "curp", as: String.self) }
        }
        func office() -> String { offices.randomElement()!.code }
        return [
            try await time("availability, 30 days", samples) {
                _ = try await context.slots.availability(office: office(), from: today, through: today.adding(days: 30))
            },
            try await time("one day's slots", samples) {
                _ = try await context.slots.slots(office: office(), on: today.adding(days: Int.random(in: 1...30)))
            },
            try await time("agenda of an office-day", samples) {
                _ = try await context.agenda.day(office: office(), date: today.adding(days: Int.random(in: -250...50)), staff: staff)
            },
            try await time("agenda search by CURP", samples) {
                _ = try await context.agenda.search(curps.randomElement()!, staff: staff)
            },
            try await time("no-show marking (job)", 5) { _ = try await context.agenda.markNoShows() },
            // The summary job, as `citas serve` runs it, over the whole generated history (its first run; later
            // runs only add the day that closed).
            try await time("report days summarized (job, first run)", 1) {
                while try await context.reports.summarize(through: today.adding(days: -2)) > 0 {}
            },
            try await time("monthly report, all offices", 5) {
                _ = try await context.reports.monthly(today.adding(days: -Int.random(in: 30...200)).description.prefix(7).description)
            },
        ]
    }

    private func time(_ name: String, _ count: Int, _ body: () async throws -> Void) async throws -> LoadSummary {
        let recorder = LoadRecorder()
        let start = ContinuousClock.now
        for _ in 0..<count {
            let one = ContinuousClock.now
            try await body()
            recorder.record(ContinuousClock.now - one, error: nil)
        }
        return recorder.summary(name, seconds: (ContinuousClock.now - start).seconds)
    }
}
