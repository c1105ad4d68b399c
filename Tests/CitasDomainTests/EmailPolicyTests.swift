import CitasDomain
import Testing

@Suite("E-mail syntax, normalisation and throw-away domains")
struct EmailPolicyTests {
    @Test(
        "Syntax errors have their own codes",
        arguments: [
            ("no-at-sign", ErrorCode.emailSyntax), ("a..b@example.com", .emailSyntax), (".a@example.com", .emailSyntax),
            ("a b@example.com", .emailSyntax), ("a@localhost", .emailDomainInvalid), ("a@-bad.com", .emailDomainInvalid),
            ("a@example.123", .emailDomainInvalid), ("a@exa_mple.com", .emailDomainInvalid),
            (String(repeating: "a", count: 65) + "@example.com", .emailTooLong),
            ("a@" + String(repeating: "b", count: 64) + ".com", .emailDomainInvalid),
        ]
    )
    func syntax(input: String, code: ErrorCode) {
        #expect(throws: CitasError(code)) { try EmailAddress(validating: input) }
    }

    @Test("Internationalised domains become their xn-- form; case folds")
    func idn() throws {
        #expect(try EmailAddress(validating: "José@Bücher.DE").canonical == "josé@xn--bcher-kva.de")
        #expect(try EmailAddress(validating: "ana@münchen.de").domain == "xn--mnchen-3ya.de")
        #expect(try EmailAddress(validating: " Ana.Lopez@Example.COM ").canonical == "ana.lopez@example.com")
    }

    @Test(
        "Variants of one mailbox share a uniqueness key",
        arguments: [
            ("A.Na.Lopez+citas@gmail.com", "analopez@gmail.com"), ("analopez@googlemail.com", "analopez@gmail.com"),
            ("ana+x+y@example.mx", "ana@example.mx"), ("ana-citas@yahoo.com.mx", "ana@yahoo.com.mx"),
            ("ana.lopez@outlook.com", "ana.lopez@outlook.com"), ("ana-lopez@example.com", "ana-lopez@example.com"),
        ]
    )
    func normalisation(input: String, key: String) throws {
        #expect(try EmailAddress(validating: input).uniquenessKey == key)
    }

    @Test(
        "Numbered and punctuated variants of a name share a family",
        arguments: [
            ("ana1@example.mx", "ana@example.mx"), ("ana.2@example.mx", "ana@example.mx"), ("a_n-a33@example.mx", "ana@example.mx"),
            ("Ana.Lopez7+x@gmail.com", "analopez@gmail.com"), ("ana@other.mx", "ana@other.mx"), ("1984@example.mx", "1984@example.mx"),
        ]
    )
    func family(input: String, family: String) throws {
        #expect(try EmailAddress(validating: input).family == family)
    }

    @Test("Parent domains, the allow-list, relays and operator rules")
    func classification() throws {
        let policy = EmailPolicy(blocked: ["mailinator.com", "tempmail.dev", "gmail.com", "evil.edu"])
        func classify(_ address: String, _ rules: [String: DomainRule] = [:]) throws -> EmailDomainClass {
            policy.classify(try EmailAddress(validating: address), operatorRules: rules)
        }
        #expect(try classify("x@a.b.mailinator.com") == .blocked)
        #expect(try classify("x@mailinator.com.mx") == .allowed)
        #expect(try classify("x@gmail.com") == .allowed)
        #expect(try classify("x@dept.unam.edu.mx") == .allowed)
        #expect(try classify("x@evil.edu") == .blocked)
        #expect(try classify("abc@privaterelay.appleid.com") == .relay)
        #expect(try classify("x@new-throwaway.io", ["new-throwaway.io": .block]) == .blocked)
        #expect(try classify("x@tempmail.dev", ["tempmail.dev": .allow]) == .allowed)
    }

    @Test("The shipped lists block known throw-away services")
    func shipped() throws {
        let policy = try EmailPolicy.shipped
        for address in ["x@mailinator.com", "x@sub.guerrillamail.com", "x@10minutemail.com", "x@yopmail.com"] {
            #expect(policy.classify(try EmailAddress(validating: address)) == .blocked, "\(address)")
        }
        for address in ["x@gmail.com", "x@hotmail.com", "x@sre.gob.mx", "x@prodigy.net.mx"] {
            #expect(policy.classify(try EmailAddress(validating: address)) == .allowed, "\(address)")
        }
    }

    @Test("Passwords: length, classes, common ones")
    func passwords() throws {
        try PasswordPolicy.check("Pasaporte#2026")
        #expect(throws: CitasError(.passwordTooShort)) { try PasswordPolicy.check("Ab1!") }
        #expect(throws: CitasError(.passwordWeak)) { try PasswordPolicy.check("pasaporte2026") }
        #expect(throws: CitasError(.passwordCommon)) { try PasswordPolicy.check("P@ssw0rd") }
        #expect(throws: CitasError(.passwordTooLong)) { try PasswordPolicy.check("Aa1!" + String(repeating: "x", count: 80)) }
    }
}
