import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import CitasServer

@Suite("Proof-of-work")
struct ProofOfWorkTests {
    static func service(_ database: any AppDatabase, clock: ManualClock) -> ProofOfWorkService {
        var settings = ProofOfWorkService.Settings()
        settings.baseDifficulty = 6
        return ProofOfWorkService(store: ProofOfWorkStore(database: database), secrets: .ephemeral(), clock: clock, settings: settings)
    }

    @Test(
        "A solved challenge is accepted once, for what it was bound to; expired, replayed, tampered, too-easy, other scope, office or account are refused",
        arguments: TestDatabase.engines
    )
    func verifier(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let clock = ManualClock(TestData.start)
            let pow = Self.service(database, clock: clock)
            let bound = ProofOfWorkBinding(scope: "book", office: "MX-BUSY", account: "a1")
            let challenge = try await pow.challenge(bound)
            let nonce = ProofOfWorkHash.solve(challenge)
            var unsolved = 0
            while ProofOfWorkHash.zeroBits(salt: challenge.salt, nonce: String(unsolved)) >= challenge.difficulty { unsolved += 1 }
            let good = challenge.proof(nonce: nonce)
            var fields = good.split(separator: ".").map(String.init)
            fields[3] = "1"
            let easier = fields.joined(separator: ".")
            await #expect(throws: CitasError(.powMissing)) { try await pow.check(nil, bound) }
            await #expect(throws: CitasError(.powInvalid)) { try await pow.check("garbage", bound) }
            await #expect(throws: CitasError(.powInvalid)) { try await pow.check(good, ProofOfWorkBinding(scope: "register")) }
            await #expect(throws: CitasError(.powInvalid)) {
                try await pow.check(good, ProofOfWorkBinding(scope: "book", office: "MX-QUIET", account: "a1"))
            }
            await #expect(throws: CitasError(.powInvalid)) {
                try await pow.check(good, ProofOfWorkBinding(scope: "book", office: "MX-BUSY", account: "a2"))
            }
            await #expect(throws: CitasError(.powInvalid)) { try await pow.check(good, ProofOfWorkBinding(scope: "book", office: "MX-BUSY")) }
            await #expect(throws: CitasError(.powInvalid)) { try await pow.check(easier, bound) }
            await #expect(throws: CitasError(.powInsufficient)) { try await pow.check(challenge.proof(nonce: String(unsolved)), bound) }
            await #expect(throws: CitasError(.powInsufficient)) { try await pow.check(good, bound, riskBits: 2) }
            try await pow.check(good, bound)
            await #expect(throws: CitasError(.powReplayed)) { try await pow.check(good, bound) }
            let later = try await pow.challenge(bound)
            clock.advance(by: 301)
            await #expect(throws: CitasError(.powExpired)) { try await pow.check(later.proof(nonce: ProofOfWorkHash.solve(later)), bound) }
        }
    }

    @Test("A key rotation refuses no challenge already handed out; a second rotation retires the first key")
    func rotation() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("citas-pow-keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await TestDatabase.with(.sqlite) { database in
            let clock = ManualClock(TestData.start)
            var settings = ProofOfWorkService.Settings()
            settings.baseDifficulty = 4
            let service = { (secrets: DeploymentSecrets) in
                ProofOfWorkService(store: ProofOfWorkStore(database: database), secrets: secrets, clock: clock, settings: settings)
            }
            let bound = ProofOfWorkBinding(scope: "register")
            let before = service(try DeploymentSecrets.load(path: path))
            let (first, second) = (try await before.challenge(bound), try await before.challenge(bound))
            let afterOne = service(try DeploymentSecrets.rotate(path: path))
            try await afterOne.check(first.proof(nonce: ProofOfWorkHash.solve(first)), bound)
            let afterTwo = service(try DeploymentSecrets.rotate(path: path))
            await #expect(throws: CitasError(.powInvalid)) { try await afterTwo.check(second.proof(nonce: ProofOfWorkHash.solve(second)), bound) }
        }
    }

    @Test("Demand does not move the difficulty: a flood of challenges for one office costs the next person nothing")
    func difficultyIgnoresDemand() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let pow = Self.service(database, clock: ManualClock(TestData.start))
            var difficulties: Set<Int> = []
            for n in 0..<200 {
                difficulties.insert(try await pow.challenge(ProofOfWorkBinding(scope: "book", office: "MX-BUSY", account: "a\(n)")).difficulty)
            }
            #expect(difficulties == [6])
            #expect(try await pow.challenge(ProofOfWorkBinding(scope: "book", office: "MX-BUSY", account: "risky"), riskBits: 3).difficulty == 9)
        }
    }

    @Test("The API refuses a challenge for an office that does not exist, or without an office")
    func challengeNeedsOffice() async throws {
        try await withServer(.sqlite) { fixture in
            try await fixture.client.execute(uri: "/api/v1/pow?scope=book&office=zz-not-an-office", method: .get) {
                #expect($0.status == .notFound && $0.errorCode == "office_not_found")
            }
            try await fixture.client.execute(uri: "/api/v1/pow?scope=draw", method: .get) {
                #expect($0.status == .badRequest && $0.errorCode == "field_missing")
            }
        }
    }

    @Test("Booking and registration without a proof are refused and write nothing")
    func required() async throws {
        try await withServer(.sqlite) { fixture in
            try await fixture.client.execute(
                uri: "/api/v1/accounts",
                method: .post,
                headers: jsonHeaders,
                body: json(registration(1, email: "a@example.com"))
            ) {
                #expect($0.status == .forbidden && $0.errorCode == "pow_missing")
            }
            let token = try await fixture.signUp(2)
            let before = try await writtenRows(fixture.app.database)
            try await fixture.client.execute(uri: "/api/v1/appointments", method: .post, headers: bearer(token), body: AppointmentsAPITests.booking())
            {
                #expect($0.status == .forbidden && $0.errorCode == "pow_missing")
            }
            #expect(try await writtenRows(fixture.app.database) == before)
        }
    }
}
