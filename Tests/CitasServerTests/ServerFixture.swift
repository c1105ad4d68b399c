import CitasDomain
import CitasPersistence
import CitasTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SQLKit

@testable import CitasServer

/// Runs `body` against the in-memory router over a fresh database with one test office and its slots.
func withServer(
    _ engine: DatabaseEngine,
    _ body: @Sendable (any TestClientProtocol, AppContext) async throws -> Void
) async throws {
    try await TestDatabase.with(engine) { database in
        let context = AppContext(database: database, clock: ManualClock(TestData.start))
        let office = TestData.office()
        try await context.offices.seed([office])
        try await context.slots.generate(for: office, from: LocalDate(year: 2026, month: 12, day: 1), days: 14)
        let app = Application(router: buildRouter(app: context))
        try await app.test(.router) { client in try await body(client, context) }
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

/// Rows in the tables a request could write to; used to prove a refused request changed nothing.
func writtenRows(_ database: any AppDatabase) async throws -> Int {
    try await database.read { sql in
        let appointments = try await sql.raw("SELECT COUNT(*) AS n FROM appointments").first()!.decode(column: "n", as: Int.self)
        let audit = try await sql.raw("SELECT COUNT(*) AS n FROM audit_log").first()!.decode(column: "n", as: Int.self)
        let booked = try await sql.raw("SELECT COALESCE(SUM(booked), 0) AS n FROM slots").first()!.decode(column: "n", as: Int.self)
        return appointments + audit + booked
    }
}
