import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

@testable import CitasServer

/// A minimal browser over the in-memory router: keeps cookies, reads a form's CSRF token and proof-of-work from
/// the page, solves the proof like the page's script, and submits URL-encoded forms.
final class PageClient: @unchecked Sendable {
    let client: any TestClientProtocol
    private(set) var cookies: [String: String] = [:]

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    struct Page {
        let status: HTTPResponse.Status
        let html: String
        let headers: HTTPFields

        var location: String? { headers[.location] }

        /// The value of the first `name="…" value="…"` input.
        func input(_ name: String) -> String? {
            guard let range = html.range(of: #"name="\#(name)" value=""#) else { return nil }
            return String(html[range.upperBound...].prefix { $0 != "\"" })
        }

        func attribute(_ name: String) -> String? {
            guard let range = html.range(of: #"\#(name)=""#) else { return nil }
            return String(html[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> Page {
        try await send(uri, method: .get, headers: headers, body: nil)
    }

    /// Posts `fields` to `action` with the CSRF token of `page` and, when the page carries one, a solved proof.
    func submit(_ page: Page, to action: String, _ fields: [String: String], csrf: Bool = true) async throws -> Page {
        var fields = fields
        if csrf { fields["csrf"] = page.input("csrf") ?? "" }
        if let salt = page.attribute("data-pow-salt"), let difficulty = Int(page.attribute("data-pow-difficulty") ?? ""),
            let prefix = page.input("pow")
        {
            var nonce = 0
            while ProofOfWorkHash.zeroBits(salt: salt, nonce: String(nonce)) < difficulty { nonce += 1 }
            fields["pow"] = prefix + String(nonce)
        }
        let body = fields.sorted { $0.key < $1.key }.map { "\(PercentEncoding.query($0.key))=\(PercentEncoding.query($0.value))" }.joined(
            separator: "&"
        )
        return try await send(action, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: body))
    }

    /// Submits a form with a file as a browser does (`multipart/form-data`), with the page's CSRF token.
    func upload(
        _ page: Page,
        to action: String,
        _ fields: [String: String],
        file: (field: String, name: String, contents: String)
    ) async throws
        -> Page
    {
        try await upload(page, to: action, fields, file: (file.field, file.name, Array(file.contents.utf8)), type: "text/csv")
    }

    /// The same with a binary file (a photo) of content type `type`.
    func upload(
        _ page: Page,
        to action: String,
        _ fields: [String: String],
        file: (field: String, name: String, contents: [UInt8]),
        type: String
    ) async throws
        -> Page
    {
        let boundary = "----citas\(UInt64.random(in: 0...UInt64.max))"
        var body = ByteBuffer()
        for (key, value) in (fields.merging(["csrf": page.input("csrf") ?? ""]) { $1 }).sorted(by: { $0.key < $1.key }) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\n")
        body.writeString("Content-Type: \(type)\r\n\r\n")
        body.writeBytes(file.contents)
        body.writeString("\r\n--\(boundary)--\r\n")
        return try await send(action, method: .post, headers: [.contentType: "multipart/form-data; boundary=\(boundary)"], body: body)
    }

    /// Posts a body exactly as given, for bodies no browser would send.
    func post(_ uri: String, raw body: String) async throws -> Page {
        try await send(uri, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: body))
    }

    private func send(_ uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> Page {
        var headers = headers
        if !cookies.isEmpty { headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        let page = try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            Page(status: response.status, html: String(buffer: response.body), headers: response.headers)
        }
        for cookie in page.headers[values: .setCookie] {
            let pair = cookie.prefix { $0 != ";" }.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty || cookie.contains("Max-Age=0") { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
        }
        return page
    }

}
