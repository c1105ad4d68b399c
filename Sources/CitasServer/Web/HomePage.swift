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
            <tr><td>\(escape(row.office.name))</td><td>\(escape(row.office.city))</td><td>\(escape(row.office.stateName))</td>\
            <td>\(escape(row.office.timeZone))</td><td>\(row.freeSeats)</td>\
            <td><a href="/api/v1/offices/\(escape(row.office.code))/availability">JSON</a></td></tr>
            """
        }.joined(separator: "\n")
        return page(
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
        page(
            title: "Citas — \(error.code.rawValue)",
            content: "<h1>\(escape(error.message(in: language)))</h1><p><a href=\"/\">Citas</a></p>",
            language: language
        )
    }

    private static func page(title: String, content: String, language: Language = .es) -> String {
        """
        <!doctype html>
        <html lang="\(language.rawValue)">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title></head>
        <body>
        <main>
        \(content)
        </main>
        </body>
        </html>
        """
    }

    /// Escapes the five characters that matter in HTML text and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
