import CitasDomain
import CitasPersistence
import Foundation

/// The plain home page of the foundation: offices with their free seats. The real pages come with the web issue.
enum HomePage {
    struct Row {
        let office: Office
        let freeSeats: Int
    }

    static func render(rows: [Row], horizonDays: Int) -> String {
        let body = rows.map { row in
            """
            <tr><td>\(HTMLPage.escape(row.office.name))</td><td>\(HTMLPage.escape(row.office.city))</td><td>\(HTMLPage.escape(row.office.stateName))</td>\
            <td>\(HTMLPage.escape(row.office.timeZone))</td><td>\(row.freeSeats)</td>\
            <td><a href="/api/v1/offices/\(HTMLPage.escape(row.office.code))/availability">JSON</a></td></tr>
            """
        }.joined(separator: "\n")
        return HTMLPage.render(
            title: "Citas — Oficinas de pasaportes",
            content: """
                <h1>Citas para pasaporte</h1>
                <p>Una cita por persona, gratuita. Nadie puede vender citas.
                <span lang="en">One appointment per person, free of charge. Nobody may sell appointments.</span></p>
                <table>
                <caption>Oficinas y lugares libres en los próximos \(horizonDays) días</caption>
                <thead><tr><th scope="col">Oficina</th><th scope="col">Ciudad</th><th scope="col">Estado</th>\
                <th scope="col">Zona horaria</th><th scope="col">Lugares libres</th><th scope="col">Disponibilidad</th></tr></thead>
                <tbody>
                \(body)
                </tbody>
                </table>
                """
        )
    }

    static func errorPage(_ error: CitasError, language: Language) -> String {
        HTMLPage.render(
            title: "Citas — \(error.code.rawValue)",
            content: "<h1>\(HTMLPage.escape(error.message(in: language)))</h1><p><a href=\"/\">Citas</a></p>",
            language: language
        )
    }
}
