import Foundation

/// The line protocol of `citas curp check|derive|match`: one answer per input line, for scripts and batch checks.
public enum CurpLines {
    /// `valid` or `invalid <code>`.
    public static func check(_ line: String, today: LocalDate) -> String {
        do {
            _ = try Curp(validating: line, today: today)
            return "valid"
        } catch {
            return "invalid \(error.code.rawValue)"
        }
    }

    /// `paternal⇥maternal⇥given⇥YYYY-MM-DD⇥sex⇥state` → positions 1–16, or `error <code>`.
    public static func derive(_ line: String, today: LocalDate) -> String {
        do {
            return CurpDerivation.positions1to16(of: try identity(fields(line), today: today))
        } catch {
            return "error \(error.code.rawValue)"
        }
    }

    /// `curp⇥paternal⇥…⇥state` → `consistent`, `inconsistent <part>`, `invalid <code>` (the CURP) or `error <code>` (the rest).
    public static func match(_ line: String, today: LocalDate) -> String {
        let all = fields(line)
        let curp: Curp
        let declared: DeclaredIdentity
        do {
            curp = try Curp(validating: all.first ?? "", today: today)
        } catch {
            return "invalid \(error.code.rawValue)"
        }
        do {
            declared = try identity(Array(all.dropFirst()), today: today)
        } catch {
            return "error \(error.code.rawValue)"
        }
        do {
            try CurpMatch.check(curp, against: declared)
            return "consistent"
        } catch {
            return "inconsistent \(part(of: error))"
        }
    }

    private static func fields(_ line: String) -> [String] {
        line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    }

    private static func identity(_ fields: [String], today: LocalDate) throws(CitasError) -> DeclaredIdentity {
        guard fields.count == 6 else { throw CitasError(.fieldMissing) }
        guard let sex = DeclaredIdentity.Sex(rawValue: fields[4].trimmingCharacters(in: .whitespaces).uppercased()) else {
            throw CitasError(.sexInvalid)
        }
        return try DeclaredIdentity(
            paternalSurname: fields[0],
            maternalSurname: fields[1],
            givenNames: fields[2],
            birthDate: try LocalDate(fields[3].trimmingCharacters(in: .whitespaces)),
            sex: sex,
            birthState: fields[5],
            today: today
        )
    }

    /// The word printed after `inconsistent`.
    private static func part(of error: CitasError) -> String {
        switch error.code {
        case .curpMismatchBirthDate: "birth_date"
        case .curpMismatchCentury: "century"
        case .curpMismatchSex: "sex"
        case .curpMismatchState: "birth_state"
        default: error.detail ?? "names"
        }
    }
}
