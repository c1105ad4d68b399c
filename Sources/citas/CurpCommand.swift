import ArgumentParser
import CitasDomain
import Foundation

/// `citas curp check|derive|match`: one answer line per input line, in order; stdin when no argument is given.
struct CurpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curp",
        abstract: "Validate CURPs, derive them from identities, and check that they agree.",
        subcommands: [Check.self, Derive.self, Match.self]
    )

    /// Today in Mexico City bounds birth dates.
    static var today: LocalDate { LocalDate(Date(), in: TimeZone(identifier: "America/Mexico_City")!) }

    /// Answers each argument, or else every line of standard input (without its line ending).
    static func answer(_ arguments: [String], with respond: (String, LocalDate) -> String) {
        let today = today
        let lines = arguments.isEmpty ? Array(AnyIterator { readLine(strippingNewline: true) }) : arguments
        for line in lines { print(respond(line.hasSuffix("\r") ? String(line.dropLast()) : line, today)) }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print `valid` or `invalid <code>` for each CURP.")

        @Argument(help: "CURPs; read from stdin, one per line, when none is given.") var curps: [String] = []

        func run() { CurpCommand.answer(curps, with: CurpLines.check) }
    }

    struct Derive: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read `paternal<TAB>maternal<TAB>given<TAB>YYYY-MM-DD<TAB>sex<TAB>state` lines; print positions 1–16 or `error <code>`."
        )

        func run() { CurpCommand.answer([], with: CurpLines.derive) }
    }

    struct Match: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read `curp<TAB>paternal<TAB>maternal<TAB>given<TAB>YYYY-MM-DD<TAB>sex<TAB>state` lines; "
                + "print `consistent` or `inconsistent <part>`."
        )

        func run() { CurpCommand.answer([], with: CurpLines.match) }
    }
}
