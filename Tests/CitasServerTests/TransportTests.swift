import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CitasServer

#if canImport(Glibc)
import Glibc
#endif

@Suite("Headers and slow clients")
struct TransportTests {
    @Test("Answers are not stored unless they say so; HSTS only when the public URL is HTTPS")
    func cachingAndHSTS() async throws {
        try await withServer(.sqlite) { fixture in
            let token = try await fixture.signUp(1, email: "ana@example.com")
            try await fixture.client.execute(uri: "/api/v1/me", method: .get, headers: bearer(token)) {
                #expect($0.status == .ok && $0.headers[.cacheControl] == "no-store" && $0.headers[.strictTransportSecurity] == nil)
            }
            try await fixture.client.execute(uri: "/api/v1/pow?scope=register", method: .get) { #expect($0.headers[.cacheControl] == "no-store") }
            try await fixture.client.execute(uri: "/es/login", method: .get) { #expect($0.headers[.cacheControl] == "no-store") }
            try await fixture.client.execute(uri: "/static/site.css", method: .get) { #expect($0.headers[.cacheControl] == "public, max-age=3600") }
        }
        try await TestDatabase.with(.sqlite) { database in
            var dependencies = RouterDependencies()
            dependencies.identity.publicURL = "https://citas.example.gob.mx"
            let app = Application(
                router: try buildRouter(
                    app: AppContext(database: database, clock: ManualClock(TestData.start), secrets: .ephemeral()),
                    dependencies: dependencies
                ),
                logger: TestDatabase.logger
            )
            try await app.test(.router) { client in
                try await client.execute(uri: "/health", method: .get) {
                    #expect($0.headers[.strictTransportSecurity] == "max-age=31536000; includeSubDomains")
                }
            }
        }
    }

    @Test("A method a path does not answer is 405 with Allow; an unknown path stays 404; HEAD works wherever GET does")
    func methods() async throws {
        try await withServer(.sqlite) { fixture in
            try await fixture.client.execute(uri: "/api/v1/sessions", method: .put) {
                #expect($0.status == .methodNotAllowed && $0.errorCode == "method_not_allowed")
                #expect($0.headers[.allow]?.contains("POST") == true && $0.headers[.allow]?.contains("PUT") == false)
            }
            try await fixture.client.execute(uri: "/es/login", method: .delete) {
                #expect($0.status == .methodNotAllowed && $0.headers[.allow] == "GET, HEAD, POST")
            }
            try await fixture.client.execute(uri: "/api/v1/no-such-thing", method: .put) { #expect($0.status == .notFound) }
            try await fixture.client.execute(uri: "/es/login", method: .head) { #expect($0.status == .ok) }
        }
    }

    @Test("A head or a body that trickles in is cut off once its time is up", arguments: ["head", "body"])
    func slowClients(part: String) async throws {
        try await TestDatabase.with(.sqlite) { database in
            let router = try buildRouter(app: AppContext(database: database, clock: ManualClock(TestData.start), secrets: .ephemeral()))
            let server = try await ServerHandle.start(router: router, server: httpServer(idleSeconds: 1, requestSeconds: 1))
            let outcome = try await Self.trickle(part, port: server.port)
            await server.stop()
            #expect(outcome.closed && outcome.elapsed < .seconds(4))
        }
    }

    /// Sends one byte every 200 ms (always active, never finished) until the server hangs up or 6 s pass.
    static func trickle(_ part: String, port: Int) async throws -> (closed: Bool, elapsed: Duration) {
        let connection = try RawConnection(port: port)
        defer { connection.close() }
        let start = ContinuousClock.now
        if part == "body" { _ = connection.send("POST /api/v1/sessions HTTP/1.1\r\nHost: t\r\nContent-Length: 500\r\n\r\n{") }
        var closed = false
        while !closed && ContinuousClock.now - start < .seconds(6) {
            closed = !connection.send(part == "head" ? "X" : " ") || connection.isClosed()
            try await Task.sleep(for: .milliseconds(200))
        }
        return (closed, ContinuousClock.now - start)
    }
}

/// A bare TCP connection, to send what no HTTP client would.
struct RawConnection {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw FixtureError.unexpected("connect failed") }
        var timeout = timeval(tv_sec: 0, tv_usec: 50_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// False once the peer has closed the connection.
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return Glibc.send(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count
    }

    /// True when the peer closed (or reset) the connection; false while it waits silently.
    func isClosed() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let received = recv(descriptor, &buffer, buffer.count, 0)
        return received == 0 || (received < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}
