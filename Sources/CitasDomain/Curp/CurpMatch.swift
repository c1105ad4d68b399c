/// Whether a CURP belongs to a declared identity: the declared data must derive positions 1–16 and the
/// 17th character's century must match the birth year. The 17th and 18th characters are not compared otherwise.
public enum CurpMatch {
    /// Throws the first disagreement: birth date, century, sex and state are hard errors; a name mismatch
    /// names the field to check (`paternal_surname`, `maternal_surname` or `given_names`) in the detail.
    public static func check(_ curp: Curp, against identity: DeclaredIdentity) throws(CitasError) {
        let actual = Array(curp.value)
        let expected = Array(CurpDerivation.positions1to16(of: identity))
        guard actual[4...9] == expected[4...9] else { throw CitasError(.curpMismatchBirthDate) }
        guard (actual[16].isNumber) == (identity.birthDate.year < 2000) else { throw CitasError(.curpMismatchCentury) }
        guard actual[10] == expected[10] else { throw CitasError(.curpMismatchSex) }
        guard actual[11...12] == expected[11...12] else { throw CitasError(.curpMismatchState) }
        let fields: [(name: String, positions: [Int])] = [
            ("paternal_surname", [0, 1, 13]), ("maternal_surname", [2, 14]), ("given_names", [3, 15]),
        ]
        for field in fields where field.positions.contains(where: { actual[$0] != expected[$0] }) {
            throw CitasError(.curpMismatchNames, detail: field.name)
        }
    }
}
