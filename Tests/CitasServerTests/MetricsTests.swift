import CitasDomain
import CitasPersistence
import CitasTestSupport
import CoreMetrics
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Prometheus
import SQLKit
import Testing

@testable import CitasServer

/// What an operator's Prometheus reads: each change counted once it committed, refusals by their reason or rule,
/// transactions timed, and the text served where only the monitoring network reaches.
@Suite("Metrics")
struct MetricsTests {
    @Test("A booking, a move, a cancellation and a refused proof are counted once each", arguments: TestDatabase.engines)
    func appointmentChanges(engine: DatabaseEngine) async throws {
        let registry = PrometheusCollectorRegistry()
        try await withServer(engine, metrics: CitasMetrics(factory: PrometheusMetricsFactory(registry: registry))) { fixture in
            let client = fixture.client
            let token = try await fixture.signUp(21)
            var forged = bearer(token)
            forged[.citasProof] = "not-a-proof"
            let refusal = try await client.execute(uri: "/api/v1/appointments", method: .post, headers: forged, body: AppointmentsAPITests.booking())
            {
                #expect($0.status.code >= 400)
                return $0.errorCode ?? ""
            }
            let booked = try await client.execute(
                uri: "/api/v1/appointments",
                method: .post,
                headers: try await fixture.withProof(bearer(token), "book"),
                body: AppointmentsAPITests.booking()
            ) { response in
                #expect(response.status == .created)
                return try response.decoded(AppointmentsAPITests.Booked.self)
            }
            try await client.execute(
                uri: "/api/v1/appointments/\(booked.folio)/reschedule",
                method: .post,
                headers: try await fixture.withProof(bearer(token), "book"),
                body: AppointmentsAPITests.booking(time: "11:00")
            ) { #expect($0.status == .ok) }
            // Refused changes count nothing: a second cancellation fails and the figure stays at one.
            for _ in 0..<2 {
                try await client.execute(uri: "/api/v1/appointments/\(booked.folio)/cancel", method: .post, headers: bearer(token)) { _ in }
            }
            let text = registry.emitToString()
            #expect(text.contains(#"citas_appointments_booked_total{channel="api"} 1"#))
            #expect(text.contains("citas_appointments_moved_total 1\n"))
            #expect(text.contains("citas_appointments_cancelled_total 1\n"))
            #expect(text.contains(#"citas_pow_refused_total{reason="\#(refusal)"} 1"#))
            // Three challenges were handed out for the registration and the two accepted proofs.
            #expect(text.contains("citas_pow_challenges_total 3\n") && text.contains("citas_pow_solved_total 3\n"))
        }
    }

    @Test("A rate limit is counted by its rule, one series for every office's phone limit")
    func rateLimitRules() async throws {
        let registry = PrometheusCollectorRegistry()
        try await TestDatabase.with(.sqlite) { database in
            let counter = RefusalCounter(
                database: database,
                clock: ManualClock(TestData.start),
                metrics: CitasMetrics(factory: PrometheusMetricsFactory(registry: registry))
            )
            counter.count(CitasError(.rateLimited, detail: "phone:office:MEX-01"))
            counter.count(CitasError(.rateLimited, detail: "phone:office:GDL-02"))
            counter.count(CitasError(.rateLimited, detail: "book:account"))
        }
        let text = registry.emitToString()
        #expect(text.contains(#"citas_rate_limited_total{rule="phone:office"} 2"#))
        #expect(text.contains(#"citas_rate_limited_total{rule="book:account"} 1"#))
    }

    @Test("Transactions are timed by kind, and a database that is down is counted", arguments: TestDatabase.engines)
    func transactions(engine: DatabaseEngine) async throws {
        let registry = PrometheusCollectorRegistry()
        try await TestDatabase.with(engine) { database in
            let measured = MeasuredDatabase(database, metrics: CitasMetrics(factory: PrometheusMetricsFactory(registry: registry)))
            try await measured.write { sql in try await sql.raw("SELECT 1 AS one").run() }
            _ = try await measured.read { sql in try await sql.raw("SELECT 1 AS one").all() }
            await #expect(throws: DatabaseUnavailableError.self) { try await measured.read { _ in throw DatabaseUnavailableError() } }
        }
        let text = registry.emitToString()
        let name = engine.rawValue
        #expect(text.contains(#"citas_db_transaction_seconds_count{engine="\#(name)",kind="write"} 1"#))
        #expect(text.contains(#"citas_db_transaction_seconds_count{engine="\#(name)",kind="read"} 2"#))
        #expect(text.contains("citas_db_unavailable_total 1\n"))
    }

    @Test("/metrics answers Prometheus's text format with what the registry holds")
    func endpoint() async throws {
        let registry = PrometheusCollectorRegistry()
        CitasMetrics(factory: PrometheusMetricsFactory(registry: registry)).outbox(unsent: 3, oldestSeconds: 42)
        try await Application(router: MetricsEndpoint.router(registry: registry), logger: TestDatabase.logger).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok && response.headers[.contentType] == MetricsEndpoint.contentType)
                let body = String(buffer: response.body)
                #expect(body.contains("citas_outbox_unsent 3") && body.contains("citas_outbox_oldest_unsent_seconds 42"))
            }
        }
    }

    @Test("Every answer carries a request id: the proxy's when it is plausible, a new one otherwise")
    func requestIDs() async throws {
        try await withServer(.sqlite) { fixture in
            var headers = HTTPFields()
            headers[.requestID] = "nginx-5f2a9c"
            try await fixture.client.execute(uri: "/health", method: .get, headers: headers) { #expect($0.headers[.requestID] == "nginx-5f2a9c") }
            headers[.requestID] = "forged id"
            try await fixture.client.execute(uri: "/health", method: .get, headers: headers) { response in
                let id = response.headers[.requestID] ?? ""
                #expect(id.count == 36 && !id.contains("forged"))
            }
        }
    }
}
