import CitasDomain
import SQLKit

extension Allocator {
    /// A member of a household turn who could not be given their seat under the booking rules.
    private struct Ineligible: Error {
        let index: Int
    }

    /// Gives a household waiting together its turn: the earliest run of consecutive seats of one day that their shared
    /// preference accepts, one per member in request order, all under one savepoint — or nothing. A member who became
    /// ineligible since asking is skipped (as a single entrant would be) and the others are tried again at the same
    /// turn, so nobody else's chance changes. Returns how many seats the turn took.
    static func allotTogether(
        _ turn: [Entrant],
        from seats: inout [SeatOffer],
        allocation: Int,
        now: Int,
        policy: BookingPolicy,
        engine: DatabaseEngine,
        in sql: any SQLDatabase
    ) async throws -> Int {
        var members = turn
        while let preference = members.first?.preference {
            guard let start = Allotment.chooseTogether(preference, count: members.count, among: seats) else { return 0 }
            let run = Array(seats[start..<(start + members.count)])
            let people = members
            let outcome = try await sql.underSavepoint("household_turn") { sql in
                for (index, member) in people.enumerated() {
                    guard try await allot(member, run[index], allocation: allocation, now: now, policy: policy, engine: engine, in: sql) else {
                        throw Ineligible(index: index)
                    }
                }
            }
            switch outcome {
            case .success:
                seats.removeSubrange(start..<(start + members.count))
                return members.count
            case .failure(let refusal as Ineligible):
                // Undone with the savepoint: recorded again outside it.
                try await decide(members[refusal.index].id, .skipped, allocation: allocation, folio: nil, seat: nil, now: now, in: sql)
                members.remove(at: refusal.index)
            case .failure(let error):
                throw error
            }
        }
        return 0
    }
}
