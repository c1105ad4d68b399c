import CitasDomain
import SQLKit

/// What a replay of an allocation found: every entrant's outcome recomputed from the recorded seed, entrants and
/// seats, beside what was recorded. An empty `differences` means the allocation was exactly what the lottery says.
public struct AllocationReplay: Sendable, Hashable {
    public let allocation: Int
    public let entrants: Int
    public let allotted: Int
    /// `request <id>: recorded …, replayed …` for each entrant whose outcome does not match.
    public let differences: [String]
}

extension AllocationStore {
    /// Replays a run allocation from what it recorded. Each entrant's preference is stored with the request and
    /// never changes; a person skipped as ineligible took no seat, as in the run.
    public func replay(_ id: Int) async throws -> AllocationReplay {
        try await database.read { sql in
            guard
                let row = try await sql.raw(
                    "SELECT seed, entrants, seats FROM allocations WHERE id = \(bind: id) AND ran_at IS NOT NULL"
                ).first(),
                let seed = UInt64(try row.decode(column: "seed", as: String?.self) ?? "")
            else { throw CitasError(.notFound, detail: "allocation") }
            let ids = (try row.decode(column: "entrants", as: String?.self) ?? "").split(separator: ",").compactMap { Int($0) }
            var seats = try SeatList.parse(try row.decode(column: "seats", as: String?.self) ?? "")
            var recorded: [Int: (status: String, allocation: Int?, seat: String?, preference: SeatPreference)] = [:]
            for id in ids {
                guard
                    let request = try await sql.raw(
                        "SELECT status, allocation_id, seat, time_of_day, from_date, through_date FROM standing_requests WHERE id = \(bind: id)"
                    ).first()
                else { continue }
                recorded[id] = (
                    try request.decode(column: "status", as: String.self),
                    try request.decode(column: "allocation_id", as: Int?.self),
                    try request.decode(column: "seat", as: String?.self),
                    try StandingRequestStore.preference(from: request)
                )
            }
            var differences: [String] = []
            var allotted = 0
            for entrant in Lottery.order(ids, seed: seed) {
                guard let outcome = recorded[entrant] else {
                    differences.append("request \(entrant): recorded as an entrant but missing")
                    continue
                }
                let here = outcome.allocation == id
                let chosen = Allotment.choose(outcome.preference, among: seats)
                let expected = chosen.map { "\(seats[$0].date) \(seats[$0].time)" }
                switch (here ? outcome.status : "not decided here", expected) {
                case ("skipped", .some): continue
                case ("allotted", .some(let seat)) where seat == outcome.seat:
                    seats.remove(at: chosen!)
                    allotted += 1
                case ("not decided here", nil): continue
                default:
                    differences.append(
                        "request \(entrant): recorded \(here ? outcome.status : "nothing") \(here ? outcome.seat ?? "" : ""), replayed \(expected ?? "no seat")"
                    )
                }
            }
            return AllocationReplay(allocation: id, entrants: ids.count, allotted: allotted, differences: differences)
        }
    }
}
