import CitasDomain
import CitasPersistence

/// Checks what a member of staff types as their second factor: the TOTP code of now (each 30-second step once), or
/// one of their recovery codes (each once). Makes the recovery codes at enrolment.
struct SecondFactor: Sendable {
    let staff: StaffStore

    /// Ten codes, e.g. `k7mp-3xtw`: letters and digits that cannot be read as one another, typed with or without the dash.
    static func recoveryCodes() -> [String] {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return (0..<10).map { _ in
            let characters = (0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            return String(characters[0..<4]) + "-" + String(characters[4...])
        }
    }

    /// What the database keeps of a recovery code: the hash of its normalised form.
    static func recoveryHash(_ typed: String) -> String {
        SecretToken(value: typed.lowercased().filter { $0.isLetter || $0.isNumber }).hash
    }

    func accepts(_ typed: String, staffId: String, now: Int) async throws -> Bool {
        if let key = try await staff.confirmedTOTPKey(staffId: staffId), let step = TOTP(secret: key).matchingStep(typed, now: now) {
            return try await staff.useStep(staffId: staffId, step: Int(step))
        }
        let normalised = typed.lowercased().filter { $0.isLetter || $0.isNumber }
        guard normalised.count == 8 else { return false }
        return try await staff.useRecoveryCode(staffId: staffId, hash: Self.recoveryHash(normalised), now: now)
    }
}
