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
    static func service(_ database: any AppDatabase, clock: ManualClock, threshold: Int = 60) -> ProofOfWorkService {
        var settings = ProofOfWorkService.Settings()
        settings.baseDifficulty = 6
        settings.loadThreshold = threshold
        return ProofOfWorkService(
            store: ProofOfWorkStore(database: database),
            counter: RateCounter(database: database),
            clock: clock,
            settings: settings
        )
    }

    @Test(
        "A solved challenge is accepted once; expired, replayed, tampered, too-easy and wrong-scope proofs are refused",
        arguments: TestDatabase.engines
    )
    func verifier(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let clock = ManualClock(TestData.start)
            let pow = Self.service(database, clock: clock)
            let challenge = try await pow.challenge(scope: "book", demandKey: "X")
            let nonce = ProofOfWorkHash.solve(challenge)
            var unsolved = 0
            while ProofOfWorkHash.zeroBits(salt: challenge.salt, nonce: String(unsolved)) >= challenge.difficulty { unsolved += 1 }
            let good = challenge.proof(nonce: nonce)
            var fields = good.split(separator: ".").map(String.init)
            fields[3] = "1"
            let easier = fields.joined(separator: ".")
            await #expect(throws: CitasError(.powMissing)) { try await pow.check(nil, scope: "book") }
            await #expect(throws: CitasError(.powInvalid)) { try await pow.check("garbage", scope: "book") }
            await #expect(throws: CitasError(.powInvalid)) { try await pow.check(good, scope: "register") }
            await #expect(throws: CitasError(.powInvalid)) { try await pow.check(easier, scope: "book") }
            await #expect(throws: CitasError(.powInsufficient)) { try await pow.check(challenge.proof(nonce: String(unsolved)), scope: "book") }
            await #expect(throws: CitasError(.powInsufficient)) { try await pow.check(good, scope: "book", riskBits: 2) }
            try await pow.check(good, scope: "book")
            await #expect(throws: CitasError(.powReplayed)) { try await pow.check(good, scope: "book") }
            let later = try await pow.challenge(scope: "book", demandKey: "X")
            clock.advance(by: 301)
            await #expect(throws: CitasError(.powExpired)) { try await pow.check(later.proof(nonce: ProofOfWorkHash.solve(later)), scope: "book") }
        }
    }

    @Test("Difficulty rises by one bit each time demand doubles past the threshold")
    func difficultyFollowsLoad() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let pow = Self.service(database, clock: ManualClock(TestData.start), threshold: 5)
            var difficulties: [Int] = []
            for _ in 0..<21 { difficulties.append(try await pow.challenge(scope: "book", demandKey: "busy").difficulty) }
            #expect(difficulties.prefix(5).allSatisfy { $0 == 6 })
            #expect(difficulties[5] == 7 && difficulties[10] == 8 && difficulties[20] == 9)
            #expect(try await pow.challenge(scope: "book", demandKey: "quiet").difficulty == 6)
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
