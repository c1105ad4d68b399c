extension TD3 {
    /// Parses two 44-character lines, verifying the document number, birth date, expiry date, optional data and
    /// composite check digits (an all-`<` optional field may carry `<` or `0`).
    public init(line1: String, line2: String) throws(MRZError) {
        guard line1.count == 44, line2.count == 44 else { throw MRZError.wrongLength }
        guard MRZText.isMRZ(line1), MRZText.isMRZ(line2), line1.first == "P" else { throw MRZError.invalidCharacter }
        let l2 = Array(line2)
        func slice(_ from: Int, _ to: Int) -> String { String(l2[from..<to]) }
        func check(_ field: String, _ digit: Character, _ name: String) throws(MRZError) {
            let empty = field.allSatisfy { $0 == "<" }
            guard MRZText.checkDigit(field) == digit || (empty && digit == "<") else { throw MRZError.checkDigit(name) }
        }
        try check(slice(0, 9), l2[9], "document_number")
        try check(slice(13, 19), l2[19], "birth_date")
        try check(slice(21, 27), l2[27], "expiry_date")
        try check(slice(28, 42), l2[42], "optional_data")
        let composite = slice(0, 10) + slice(13, 20) + slice(21, 43)
        guard MRZText.checkDigit(composite) == l2[43] else { throw MRZError.checkDigit("composite") }
        guard "FM<".contains(l2[20]) else { throw MRZError.invalidField("sex") }
        documentCode = String(line1.prefix(2))
        issuingState = String(line1.dropFirst(2).prefix(3))
        name = String(line1.dropFirst(5))
        documentNumber = slice(0, 9)
        nationality = slice(10, 13)
        birthDate = slice(13, 19)
        sex = l2[20]
        expiryDate = slice(21, 27)
        optionalData = slice(28, 42)
    }
}
