import CitasDomain
import CitasPersistence
import Foundation
import SQLKit

/// Brings an office's release draws forward to `now`, for tests and benches that cannot wait for the announced
/// instant (09:00, or a launch draw's notice); the allocator then runs them as the job would.
public enum Releases {
    public static func bringForward(office: String, now: Int, in database: any AppDatabase) async throws {
        try await database.write { sql in
            try await sql.raw(
                "UPDATE allocations SET due_at = \(bind: now) WHERE office_code = \(bind: office) AND ran_at IS NULL AND kind = 'release'"
            ).run()
        }
    }

    /// Runs the office's launch and release draws now, as the job would at their instants. With nobody waiting, every
    /// seat of the released days opens for direct booking: what tests of booking itself start from.
    public static func open(office: String, database: any AppDatabase, clock: any CitasClock) async throws {
        try await bringForward(office: office, now: clock.now().epoch, in: database)
        try await AllocationStore(database: database, clock: clock).runDue()
    }
}
