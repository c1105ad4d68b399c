import CitasPersistence
import CitasTestSupport
import Testing

@Suite("Failed log-ins")
struct LoginFailuresTests {
    @Test(
        "Failures from many addresses delay only those addresses, growing to the cap; a day later they are forgotten",
        arguments: TestDatabase.engines
    )
    func delays(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let failures = LoginFailures(database: database)
            let subject = "account:ana@example.com"
            for n in 0..<4 { try await failures.recordFailure(subject: subject, address: "10.0.0.\(n % 2)", now: 1_000) }
            #expect(try await failures.wait(subject: subject, address: "10.0.0.0", now: 1_000) == 0)
            try await failures.recordFailure(subject: subject, address: "10.0.0.1", now: 1_000)
            #expect(try await failures.wait(subject: subject, address: "10.0.0.0", now: 1_010) == 50)
            #expect(try await failures.wait(subject: subject, address: "192.0.2.1", now: 1_010) == 0)
            #expect(try await failures.wait(subject: "account:other@example.com", address: "10.0.0.0", now: 1_010) == 0)
            for _ in 0..<20 { try await failures.recordFailure(subject: subject, address: "10.0.0.1", now: 2_000) }
            #expect(try await failures.wait(subject: subject, address: "10.0.0.1", now: 2_000) == 3_600)
            // The owner's correct password from an address that had failed forgets that address's failures only.
            try await failures.recordSuccess(subject: subject, address: "10.0.0.0")
            #expect(try await failures.wait(subject: subject, address: "10.0.0.0", now: 2_000) == 0)
            #expect(try await failures.wait(subject: subject, address: "10.0.0.1", now: 2_000 + 86_400) == 0)
            try await failures.recordFailure(subject: subject, address: "10.0.0.1", now: 2_000 + 86_401)
            #expect(try await failures.wait(subject: subject, address: "10.0.0.1", now: 2_000 + 86_401) == 0)
            #expect(try await failures.prune(now: 2_000 + 86_401 + 86_400) == 1)
        }
    }
}
