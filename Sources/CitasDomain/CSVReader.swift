/// A small RFC 4180 reader: quoted fields, doubled quotes, commas and line breaks inside quotes.
public enum CSVReader {
    /// Rows as dictionaries keyed by the header's column names; blank lines are skipped. A name the header repeats
    /// keeps its first column (an uploaded file may say anything in its header; it must never stop the server).
    public static func records(_ text: String) -> [[String: String]] {
        let rows = parse(text)
        guard let header = rows.first else { return [] }
        return rows.dropFirst().filter { $0 != [""] }.map { row in
            Dictionary(header.enumerated().map { ($1, $0 < row.count ? row[$0] : "") }, uniquingKeysWith: { first, _ in first })
        }
    }

    public static func parse(_ text: String) -> [[String]] {
        var parser = Parser()
        for c in text { parser.consume(c) }
        return parser.finish()
    }

    private struct Parser {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        /// A quote seen inside a quoted field: either an escaped quote or the closing one.
        var pendingQuote = false

        mutating func consume(_ c: Character) {
            if pendingQuote {
                pendingQuote = false
                if c == "\"" {
                    field.append(c)
                    return
                }
                quoted = false
            }
            if quoted {
                if c == "\"" { pendingQuote = true } else { field.append(c) }
                return
            }
            switch c {
            case "\"": quoted = true
            case ",": endField()
            case "\n", "\r\n": endRow()
            default: field.append(c)
            }
        }

        mutating func endField() {
            row.append(field)
            field = ""
        }

        mutating func endRow() {
            endField()
            rows.append(row)
            row = []
        }

        mutating func finish() -> [[String]] {
            if !field.isEmpty || !row.isEmpty { endRow() }
            return rows
        }
    }
}
