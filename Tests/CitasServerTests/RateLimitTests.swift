import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

@testable import CitasServer

@Suite("Rate limits")
struct RateLimitTests {
    static func dependencies(trusting proxies: Set<String> = []) -> RouterDependencies {
        var dependencies = RouterDependencies()
        dependencies.hasher = PasswordHasher(cost: 4)
        dependencies.proofOfWork.baseDifficulty = 4
        dependencies.rateLimits.registrations = [RateRule(name: "register", key: .address, limit: 4, window: 3600, shared: true)]
        dependencies.trustedProxies = proxies
        return dependencies
    }

    /// Registers person `n` through `client`; returns the status and error code.
    static func register(_ client: any TestClientProtocol, _ n: Int, forwardedFor: String? = nil) async throws -> (HTTPResponse.Status, String?) {
        let challenge = try await client.execute(uri: "/api/v1/pow?scope=register", method: .get) { try $0.decoded(ProofOfWorkChallenge.self) }
        var headers = jsonHeaders
        headers[.citasProof] = challenge.proof(nonce: ProofOfWorkHash.solve(challenge))
        if let forwardedFor { headers[.xForwardedFor] = forwardedFor }
        return try await client.execute(
            uri: "/api/v1/accounts",
            method: .post,
            headers: headers,
            body: json(registration(n, email: "p\(n)@example.com"))
        ) {
            ($0.status, $0.errorCode)
        }
    }

    @Test("A shared limit holds across two instances on one database", arguments: TestDatabase.engines)
    func acrossInstances(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let other = try await TestDatabase.anotherHandle(on: database)
            let clock = ManualClock(TestData.start)
            let first = Application(
                router: try buildRouter(app: AppContext(database: database, clock: clock, secrets: .ephemeral()), dependencies: Self.dependencies()),
                logger: TestDatabase.logger
            )
            let second = Application(
                router: try buildRouter(app: AppContext(database: other, clock: clock, secrets: .ephemeral()), dependencies: Self.dependencies()),
                logger: TestDatabase.logger
            )
            try await other.closing {
                try await first.test(.router) { a in
                    try await second.test(.router) { b in
                        var outcomes: [HTTPResponse.Status] = []
                        for n in 0..<6 { outcomes.append(try await Self.register(n.isMultiple(of: 2) ? a : b, n).0) }
                        #expect(outcomes == [.accepted, .accepted, .accepted, .accepted, .tooManyRequests, .tooManyRequests])
                    }
                }
            }
        }
    }

    @Test("Pages and the API share one read limit per address; static files and probes do not count")
    func pagesShareTheReadLimit() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let clock = ManualClock(TestData.start)
            let context = AppContext(database: database, clock: clock, secrets: .ephemeral())
            try await context.offices.seed([TestData.office()])
            var dependencies = Self.dependencies()
            dependencies.rateLimits.reads = RateRule(name: "read", key: .address, limit: 3, window: 60, shared: false)
            try await Application(router: try buildRouter(app: context, dependencies: dependencies), logger: TestDatabase.logger).test(.router) {
                client in
                var statuses: [HTTPResponse.Status] = []
                for uri in [
                    "/es/offices/TEST-OFFICE", "/static/site.css", "/health", "/api/v1/offices/TEST-OFFICE", "/es/offices", "/api/v1/offices",
                ] {
                    statuses.append(try await client.execute(uri: uri, method: .get) { $0.status })
                }
                #expect(statuses == [.ok, .ok, .ok, .ok, .ok, .tooManyRequests])
                #expect(try await client.execute(uri: "/es/offices/TEST-OFFICE", method: .get) { $0.status } == .tooManyRequests)
                clock.advance(by: 60)
                #expect(try await client.execute(uri: "/es/offices/TEST-OFFICE", method: .get) { $0.status } == .ok)
            }
        }
    }

    @Test("X-Forwarded-For counts only from a trusted proxy")
    func forwardedFor() async throws {
        for (trusted, expected) in [(Set(["unknown"]), HTTPResponse.Status.accepted), ([], .tooManyRequests)] {
            try await TestDatabase.with(.sqlite) { database in
                let context = AppContext(database: database, clock: ManualClock(TestData.start), secrets: .ephemeral())
                let app = Application(
                    router: try buildRouter(app: context, dependencies: Self.dependencies(trusting: trusted)),
                    logger: TestDatabase.logger
                )
                try await app.test(.router) { client in
                    for n in 0..<4 { _ = try await Self.register(client, n, forwardedFor: "203.0.113.7") }
                    #expect(try await Self.register(client, 9, forwardedFor: "198.51.100.2, unknown").0 == expected)
                }
            }
        }
    }
}

@Suite("Audit origin and risk")
struct RiskTests {
    @Test("Audit rows record the client address and user agent; crowded registrations raise the risk score", arguments: TestDatabase.engines)
    func originAndRisk(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { database in
            var dependencies = RateLimitTests.dependencies(trusting: ["unknown"])
            dependencies.rateLimits.registrations = []
            let context = AppContext(database: database, clock: ManualClock(TestData.start), secrets: .ephemeral())
            let app = Application(router: try buildRouter(app: context, dependencies: dependencies), logger: TestDatabase.logger)
            try await app.test(.router) { client in
                for n in 0..<6 { _ = try await RateLimitTests.register(client, n, forwardedFor: "203.0.113.9") }
                let accountId = try await database.read { sql in
                    try await sql.raw("SELECT id FROM accounts WHERE email = 'p5@example.com'").first()!.decode(column: "id", as: String.self)
                }
                let audit = try await AuditLog.entries(about: "account:\(accountId)", in: database)
                #expect(audit.first?.clientAddress == "203.0.113.9")
                let assessment = try await context.risk.assess(accountId: accountId)
                #expect(assessment.signals.first { $0.kind == .sharedAddress }?.points == 3)
                #expect(assessment.signals.first { $0.kind == .emailFamily }?.points == 4)
            }
        }
    }
}
