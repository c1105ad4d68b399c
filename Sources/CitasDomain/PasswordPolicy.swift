/// Password rules: 8 to 72 bytes (bcrypt reads no further), upper- and lower-case letters, a digit and a symbol,
/// and not one of the 10,000 most common passwords.
public enum PasswordPolicy {
    public static let minimumLength = 8
    public static let maximumBytes = 72

    public static func check(_ password: String) throws(CitasError) {
        guard password.count >= minimumLength else { throw CitasError(.passwordTooShort) }
        guard password.utf8.count <= maximumBytes else { throw CitasError(.passwordTooLong) }
        let classes = [
            password.contains(where: \.isUppercase), password.contains(where: \.isLowercase), password.contains(where: \.isNumber),
            password.contains { !$0.isLetter && !$0.isNumber && !$0.isWhitespace },
        ]
        guard classes.allSatisfy({ $0 }) else { throw CitasError(.passwordWeak) }
        guard let common = try? ShippedLists.commonPasswords.get(), !common.contains(password.lowercased()) else {
            throw CitasError(.passwordCommon)
        }
    }
}
