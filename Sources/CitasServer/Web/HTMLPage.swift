import CitasDomain

/// The shared frame of every server-rendered page, and HTML escaping.
enum HTMLPage {
    static func render(title: String, content: String, language: Language = .es) -> String {
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
