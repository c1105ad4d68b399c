import CitasDomain
import CitasPassport
import CitasPersistence
import CitasTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SQLKit

@testable import CitasServer

/// A router over a fresh database with one test office and its slots, cheap bcrypt, a manual clock.
struct ServerFixture {
    let client: any TestClientProtocol
    let app: AppContext
    let clock: ManualClock
    let pki: PKIDirectory

    /// `headers` plus a freshly fetched and solved proof-of-work for `scope`.
    func withProof(_ headers: HTTPFields, _ scope: String) async throws -> HTTPFields {
        // The challenge is bound to the bearer token's account, as a client would fetch it.
        var bearer = HTTPFields()
        bearer[.authorization] = headers[.authorization]
        let challenge = try await client.execute(uri: "/api/v1/pow?scope=\(scope)&office=TEST-OFFICE", method: .get, headers: bearer) {
            try $0.decoded(ProofOfWorkChallenge.self)
        }
        var headers = headers
        headers[.citasProof] = challenge.proof(nonce: ProofOfWorkHash.solve(challenge))
        return headers
    }

    /// Registers person `n` through the API, opens the link of the e-mail they get, and logs in.
    /// Returns the bearer token.
    func signUp(_ n: Int, email: String? = nil) async throws -> String {
        let address = email ?? "persona\(n)@example.com"
        let headers = try await withProof(jsonHeaders, "register")
        try await client.execute(uri: "/api/v1/accounts", method: .post, headers: headers, body: json(registration(n, email: address))) {
            guard $0.status == .accepted else { throw FixtureError.unexpected("register \($0.status) \(String(buffer: $0.body))") }
        }
        let token = try await lastLinkToken(to: address)
        try await client.execute(uri: "/api/v1/accounts/verify", method: .post, headers: jsonHeaders, body: json(#"{"token":"\#(token)"}"#)) {
            guard $0.status == .ok else { throw FixtureError.unexpected("verify \($0.status)") }
        }
        return try await logIn(address)
    }

    func logIn(_ email: String, password: String = "Pasaporte#2026") async throws -> String {
        try await client.execute(
            uri: "/api/v1/sessions",
            method: .post,
            headers: jsonHeaders,
            body: json(#"{"email":"\#(email)","password":"\#(password)"}"#)
        ) { response in
            struct Session: Decodable { let token: String }
            guard response.status == .created else { throw FixtureError.unexpected("log in \(response.status)") }
            return try response.decoded(Session.self).token
        }
    }

    /// The `token=` of the newest queued e-mail to `recipient`, as a person would click it (the mail waits sealed:
    /// opening it is the mailbox's part).
    func lastLinkToken(to recipient: String) async throws -> String {
        let sealed = try await app.database.read { sql in
            try await sql.raw("SELECT body FROM outbox WHERE recipient = \(bind: recipient) ORDER BY id DESC").first()?
                .decode(column: "body", as: String.self)
        }
        let body = try sealed.map(SecretSeal(secrets: app.secrets, purpose: .mail).open)
        guard let body, let range = body.range(of: "token=") else { throw FixtureError.unexpected("no link for \(recipient)") }
        return String(body[range.upperBound...].prefix { !$0.isWhitespace })
    }
}

enum FixtureError: Error {
    case unexpected(String)
}

/// A registration body for person `n`, overriding fields as needed.
func registration(_ n: Int, email: String, overrides: [String: String] = [:]) -> String {
    let person = TestData.identity(n)
    var fields: [String: String] = [
        "email": email, "password": "Pasaporte#2026", "curp": TestData.curp(n).value, "paternalSurname": person.paternalSurname,
        "maternalSurname": person.maternalSurname, "givenNames": person.givenNames, "birthDate": person.birthDate.description,
        "sex": person.sex.rawValue, "birthState": person.birthState, "language": "es",
    ]
    fields.merge(overrides) { _, new in new }
    let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
}

/// Runs `body` against the in-memory router over a fresh database with one test office and its slots.
/// `metrics`: where the stores count (a test's own registry, to read exact figures).
func withServer(_ engine: DatabaseEngine, metrics: CitasMetrics = CitasMetrics(), _ body: @Sendable (ServerFixture) async throws -> Void) async throws
{
    try await TestDatabase.with(engine) { database in
        let clock = ManualClock(TestData.start)
        let context = AppContext(database: database, clock: clock, secrets: .ephemeral(), metrics: metrics)
        let office = TestData.office()
        try await context.offices.seed([office])
        try await context.fees.seed(FeeSchedule.shipped)
        try await context.slots.generate(for: office, from: LocalDate(year: 2026, month: 12, day: 1), days: 14)
        try await Releases.open(office: office.code, database: database, clock: clock)
        var dependencies = RouterDependencies()
        dependencies.hasher = PasswordHasher(cost: 4)
        dependencies.proofOfWork.baseDifficulty = 4
        // The in-memory client has no socket address ("unknown"): trusting it lets a test speak from other addresses.
        dependencies.trustedProxies = ["unknown"]
        let pkiPath = FileManager.default.temporaryDirectory.appendingPathComponent("citas-pki-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: pkiPath) }
        let pki = PKIDirectory(pkiPath)
        try pki.initialise(curve: .p256, now: TestData.start)
        dependencies.pki = pki
        let app = Application(router: try buildRouter(app: context, dependencies: dependencies), logger: TestDatabase.logger)
        try await app.test(.router) { client in try await body(ServerFixture(client: client, app: context, clock: clock, pki: pki)) }
    }
}

extension TestResponse {
    func decoded<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
    }

    var errorCode: String? { try? decoded(ErrorBody.self).error.code }
}

let jsonHeaders: HTTPFields = [.contentType: "application/json"]

func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

func bearer(_ token: String) -> HTTPFields { [.contentType: "application/json", .authorization: "Bearer \(token)"] }
