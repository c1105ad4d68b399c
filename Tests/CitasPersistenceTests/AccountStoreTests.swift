import CitasDomain
import CitasPersistence
import CitasTestSupport
import SQLKit
import Testing

@Suite("Accounts, tokens and the outbox in the database")
struct AccountStoreTests {
    static func newAccount(_ n: Int, email: String) throws -> NewAccount {
        try SeededAccounts.newAccount(n, email: email)
    }

    static let mail = OutgoingMail(kind: "verify_email", recipient: "x@example.com", subject: "s", body: "b")

    @Test("20 concurrent registrations of one CURP: exactly one account", arguments: TestDatabase.engines)
    func oneAccountPerCurp(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let store = AccountStore(database: database, seal: TestData.seal)
            let outcomes = await withTaskGroup(of: ErrorCode?.self) { group in
                for n in 0..<20 {
                    group.addTask {
                        await Fixture.code {
                            try await store.register(
                                try Self.newAccount(1, email: "p\(n)@example.com"),
                                verification: .random(),
                                expiresAt: 100,
                                mail: Self.mail,
                                now: 1
                            )
                        }
                    }
                }
                return await group.reduce(into: [ErrorCode?]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == nil }.count == 1)
            #expect(outcomes.filter { $0 == .curpRegistered }.count == 19)
            let pending = try await OutboxStore(database: database, seal: TestData.seal).pendingCount()
            #expect(pending == 1)
        }
    }

    @Test("Variants of one mailbox cannot hold two accounts, even concurrently", arguments: TestDatabase.engines)
    func oneAccountPerMailbox(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let store = AccountStore(database: database, seal: TestData.seal)
            let variants = ["ana.lopez@gmail.com", "analopez+citas@gmail.com", "AnaLopez@googlemail.com", "a.n.a.l.o.p.e.z@gmail.com"]
            let outcomes = await withTaskGroup(of: ErrorCode?.self) { group in
                for (n, email) in variants.enumerated() {
                    group.addTask {
                        await Fixture.code {
                            try await store.register(
                                try Self.newAccount(n, email: email),
                                verification: .random(),
                                expiresAt: 100,
                                mail: Self.mail,
                                now: 1
                            )
                        }
                    }
                }
                return await group.reduce(into: [ErrorCode?]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == nil }.count == 1)
            #expect(outcomes.filter { $0 == .emailRegistered }.count == 3)
        }
    }

    @Test("Tokens work once and not after they expire", arguments: TestDatabase.engines)
    func singleUseTokens(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let store = AccountStore(database: database, seal: TestData.seal)
            let (fresh, stale) = (SecretToken.random(), SecretToken.random())
            try await store.register(try Self.newAccount(1, email: "a@example.com"), verification: fresh, expiresAt: 100, mail: Self.mail, now: 1)
            try await store.register(try Self.newAccount(2, email: "b@example.com"), verification: stale, expiresAt: 100, mail: Self.mail, now: 1)
            let results = await withTaskGroup(of: ErrorCode?.self) { group in
                for _ in 0..<10 { group.addTask { await Fixture.code { try await store.verifyEmail(fresh, now: 50) } } }
                return await group.reduce(into: [ErrorCode?]()) { $0.append($1) }
            }
            // Once used, the link says the account is active (not "invalid"): the person just logs in.
            #expect(results.filter { $0 == nil }.count == 1 && results.filter { $0 == .accountAlreadyActive }.count == 9)
            #expect(await Fixture.code { try await store.verifyEmail(stale, now: 100) } == .tokenInvalid)
            #expect(await Fixture.code { try await store.verifyEmail(SecretToken(value: "made-up"), now: 50) } == .tokenInvalid)
        }
    }

    @Test("An outbox message is claimed by one sender at a time and again after its lease", arguments: TestDatabase.engines)
    func outboxLeases(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let accounts = AccountStore(database: database, seal: TestData.seal)
            let outbox = OutboxStore(database: database, seal: TestData.seal)
            for n in 0..<5 { try await accounts.enqueue(OutgoingMail(kind: "k", recipient: "r\(n)@example.com", subject: "s", body: "b"), now: 10) }
            let claims = try await withThrowingTaskGroup(of: Int?.self) { group in
                for _ in 0..<12 { group.addTask { try await outbox.claimNext(now: 20, lease: 60)?.id } }
                return try await group.reduce(into: [Int]()) { if let id = $1 { $0.append(id) } }
            }
            #expect(claims.count == 5 && Set(claims).count == 5)
            #expect(try await outbox.claimNext(now: 30, lease: 60) == nil)
            try await outbox.markSent(id: claims[0], now: 40)
            let again = try await outbox.claimNext(now: 81, lease: 60)
            #expect(again != nil && again?.id != claims[0] && again?.attempts == 2)
            #expect(try await outbox.pendingCount() == 4)
        }
    }
}
