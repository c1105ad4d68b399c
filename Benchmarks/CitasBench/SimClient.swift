import CitasServer
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A person's HTTP client for the simulation: their own forwarded address (the loopback is a trusted proxy), a
/// bearer token once logged in, proofs-of-work fetched and solved as a client must. Answers are (status, body).
struct SimClient: Sendable {
    let port: Int
    let address: String
    var token: String?
    private let session: URLSession

    init(port: Int, address: String, session: URLSession) {
        self.port = port
        self.address = address
        self.session = session
    }

    func get(_ path: String) async throws -> (Int, Data) {
        try await send("GET", path, body: nil, proof: nil)
    }

    /// POSTs a JSON body; with `scope`, first fetches a challenge bound to that scope, `office` and this person's
    /// account, and solves it.
    func post(_ path: String, json: String, scope: String? = nil, office: String? = nil) async throws -> (Int, Data) {
        var proof: String?
        if let scope {
            let query = "/api/v1/pow?scope=\(scope)" + (office.map { "&office=\($0)" } ?? "")
            let (status, data) = try await get(query)
            guard status == 200, let challenge = try? JSONDecoder().decode(ProofOfWorkChallenge.self, from: data) else { return (status, data) }
            proof = challenge.proof(nonce: ProofOfWorkHash.solve(challenge))
        }
        return try await send("POST", path, body: Data(json.utf8), proof: proof)
    }

    private func send(_ method: String, _ path: String, body: Data?, proof: String?) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.setValue(address, forHTTPHeaderField: "X-Forwarded-For")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let proof { request.setValue(proof, forHTTPHeaderField: "X-Citas-Proof") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = body
        }
        let (data, response) = try await session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }
}
