import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// One simulated client: a keep-alive HTTP/1.1 connection that times every request and records its outcome.
/// A failed connection is replaced, as a browser would open a new one.
final class LoadClient: @unchecked Sendable {
    let port: Int
    let recorder: LoadRecorder
    private var client: TestClient

    init(port: Int, recorder: LoadRecorder) {
        self.port = port
        self.recorder = recorder
        client = Self.connect(port)
    }

    private static func connect(_ port: Int) -> TestClient {
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(30)))
        client.connect()
        return client
    }

    struct Answer {
        let status: Int
        let body: Data

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(type, from: body)
        }
    }

    /// Sends one request as the citizen at `address` (a proxy-forwarded address, so per-address limits see many
    /// people rather than one loopback). Statuses in `expected` are not errors; others are recorded by their code.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method,
        _ uri: String,
        address: String,
        token: String? = nil,
        proof: String? = nil,
        json: String? = nil,
        expected: Set<Int> = [200, 201]
    ) async -> Answer? {
        var headers: HTTPFields = [HTTPField.Name("X-Forwarded-For")!: address]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let proof { headers[HTTPField.Name("X-Citas-Proof")!] = proof }
        if json != nil { headers[.contentType] = "application/json" }
        let request = TestClient.Request(uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        let start = ContinuousClock.now
        do {
            let response = try await client.execute(request)
            let answer = Answer(status: response.status.code, body: response.body.map { Data($0.readableBytesView) } ?? Data())
            recorder.record(ContinuousClock.now - start, error: expected.contains(answer.status) ? nil : Self.errorKey(answer))
            return answer
        } catch {
            recorder.record(ContinuousClock.now - start, error: "transport")
            try? await client.shutdown()
            client = Self.connect(port)
            return nil
        }
    }

    func close() async {
        try? await client.shutdown()
    }

    /// "409 slot_full": the status with the API's stable error code.
    private static func errorKey(_ answer: Answer) -> String {
        struct ErrorBody: Decodable {
            struct Detail: Decodable { let code: String }
            let error: Detail
        }
        let code = (try? JSONDecoder().decode(ErrorBody.self, from: answer.body))?.error.code ?? "-"
        return "\(answer.status) \(code)"
    }
}
