import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import SQLKit
import Testing

@Suite("No usable secret at rest")
struct SecretsAtRestTests {
    /// Every body the outbox table holds, as stored.
    static func storedBodies(_ database: any AppDatabase) async throws -> [String] {
        try await database.read { sql in
            try await sql.raw("SELECT body FROM outbox ORDER BY id").all().map { try $0.decode(column: "body", as: String.self) }
        }
    }

    @Test("A link mail waits sealed, is sent opened, then its body is forgotten and the row pruned after retention", arguments: TestDatabase.engines)
    func linkMailLifecycle(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let accounts = AccountStore(database: database, seal: TestData.seal)
            let outbox = OutboxStore(database: database, seal: TestData.seal)
            let token = SecretToken.random()
            let link = "https://citas.example/es/verify?token=\(token.value)"
            let mail = MailTemplates.verification(to: "ana@example.com", link: link, language: .es)
            try await accounts.register(
                try SeededAccounts.newAccount(1, email: "ana@example.com"),
                verification: token,
                expiresAt: 9_000,
                mail: mail,
                now: 10
            )
            let waiting = try await Self.storedBodies(database)
            #expect(waiting.count == 1 && waiting.allSatisfy { !$0.contains(token.value) && $0.hasPrefix("sealed:") })
            let tokens = try await database.read { sql in
                try await sql.raw("SELECT token_hash FROM account_tokens").all().map { try $0.decode(column: "token_hash", as: String.self) }
            }
            #expect(tokens == [token.hash])

            let claimed = try #require(try await outbox.claimNext(now: 20, lease: 60))
            #expect(claimed.mail.body.contains(link))
            try await outbox.markSent(id: claimed.id, now: 21)
            #expect(try await Self.storedBodies(database) == [""])

            #expect(try await outbox.prune(sentBefore: 21) == 0)
            #expect(try await outbox.prune(sentBefore: 22) == 1)
            #expect(try await Self.storedBodies(database).isEmpty)
        }
    }

    @Test("Pending mail is never pruned, whatever its age", arguments: TestDatabase.engines)
    func pendingKept(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let accounts = AccountStore(database: database, seal: TestData.seal)
            try await accounts.enqueue(OutgoingMail(kind: "k", recipient: "r@example.com", subject: "s", body: "b"), now: 10)
            #expect(try await OutboxStore(database: database, seal: TestData.seal).prune(sentBefore: 1_000_000) == 0)
            #expect(try await Self.storedBodies(database).count == 1)
        }
    }

    @Test("Mail sealed under a key no longer held is put off a day with its reason, never sent in clear", arguments: TestDatabase.engines)
    func unknownKey(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await AccountStore(database: database, seal: TestData.seal).enqueue(
                OutgoingMail(kind: "k", recipient: "r@example.com", subject: "s", body: "token=abc"),
                now: 10
            )
            let stranger = OutboxStore(database: database, seal: SecretSeal(secrets: .ephemeral(), purpose: .mail))
            await #expect(throws: SecretSealError.unknownKey) { try await stranger.claimNext(now: 20, lease: 60) }
            let row = try await database.read { sql in
                try await sql.raw("SELECT next_attempt_at, last_error FROM outbox").first()
            }
            #expect(try row?.decode(column: "next_attempt_at", as: Int.self) == 20 + 86_400)
            #expect(try row?.decode(column: "last_error", as: String?.self)?.contains("no longer") == true)
            #expect(try await stranger.claimNext(now: 30, lease: 60) == nil)
        }
    }

    @Test("The keys file is created owner-only; a rotation keeps the previous key, a second one drops it")
    func keysFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("citas-keys-\(UUID().uuidString)/nested")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let path = directory.appendingPathComponent("secrets.key").path
        let first = try DeploymentSecrets.load(path: path)
        #expect(try DeploymentSecrets.load(path: path).current.id == first.current.id)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        let directoryMode = try FileManager.default.attributesOfItem(atPath: directory.path)[.posixPermissions] as? Int
        #expect(mode == 0o600 && directoryMode == 0o700)

        let sealed = try SecretSeal(secrets: first, purpose: .mail).seal("token=abc")
        let rotated = try DeploymentSecrets.rotate(path: path)
        #expect(rotated.previous?.id == first.current.id && rotated.current.id != first.current.id)
        #expect(try SecretSeal(secrets: try DeploymentSecrets.load(path: path), purpose: .mail).open(sealed) == "token=abc")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)

        try DeploymentSecrets.rotate(path: path)
        #expect(throws: SecretSealError.self) { try SecretSeal(secrets: try DeploymentSecrets.load(path: path), purpose: .mail).open(sealed) }
    }

    @Test("Instances starting together agree on one keys file")
    func concurrentCreation() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("citas-keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("secrets.key").path
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<16 { group.addTask { try DeploymentSecrets.load(path: path).current.id } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(ids.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["secrets.key"])
    }

    @Test("A damaged keys file is refused, not replaced")
    func damagedFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("citas-keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("k1 not-base64\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SecretsFileError.self) { try DeploymentSecrets.load(path: path) }
    }
}
