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
    public func replay(_ allocation: Int) async throws -> AllocationReplay {
        try await database.read { sql in
            guard
                let row = try await sql.raw(
                    "SELECT seed, entrants, seats FROM allocations WHERE id = \(bind: allocation) AND ran_at IS NOT NULL"
                ).first(),
                let seed = UInt64(try row.decode(column: "seed", as: String?.self) ?? "")
            else { throw CitasError(.notFound, detail: "allocation") }
            let ids = (try row.decode(column: "entrants", as: String?.self) ?? "").split(separator: ",").compactMap { Int($0) }
            var seats = try SeatList.parse(try row.decode(column: "seats", as: String?.self) ?? "")
            var recorded: [Int: Recorded] = [:]
            for id in ids {
                guard
                    let request = try await sql.raw(
                        """
                        SELECT status, allocation_id, seat, group_id, time_of_day, from_date, through_date FROM standing_requests
                        WHERE id = \(bind: id)
                        """
                    ).first()
                else { continue }
                recorded[id] = Recorded(
                    status: try request.decode(column: "status", as: String.self),
                    allocation: try request.decode(column: "allocation_id", as: Int?.self),
                    seat: try request.decode(column: "seat", as: String?.self),
                    group: try request.decode(column: "group_id", as: Int?.self),
                    preference: try StandingRequestStore.preference(from: request)
                )
            }
            var differences: [String] = []
            var allotted = 0
            for turn in Lottery.turns(ids, seed: seed, group: { recorded[$0]?.group }) {
                // Members skipped here took no seat in the run (it tried the others again at the same turn).
                let people = turn.filter { id in recorded[id].map { !($0.allocation == allocation && $0.status == "skipped") } ?? true }
                for id in turn where recorded[id] == nil { differences.append("request \(id): recorded as an entrant but missing") }
                guard let first = people.first.flatMap({ recorded[$0] }), people.allSatisfy({ recorded[$0] != nil }) else { continue }
                let start =
                    turn.count > 1 || first.group != nil
                    ? Allotment.chooseTogether(first.preference, count: people.count, among: seats)
                    : Allotment.choose(first.preference, among: seats)
                var matched = true
                for (index, id) in people.enumerated() {
                    let outcome = recorded[id]!
                    let expected = start.map { "\(seats[$0 + index].date) \(seats[$0 + index].time)" }
                    let here = outcome.allocation == allocation
                    switch (here ? outcome.status : "not decided here", expected) {
                    case ("allotted", .some(let seat)) where seat == outcome.seat: continue
                    case ("not decided here", nil): continue
                    default:
                        matched = false
                        differences.append(
                            "request \(id): recorded \(here ? outcome.status : "nothing") \(here ? outcome.seat ?? "" : ""), replayed \(expected ?? "no seat")"
                        )
                    }
                }
                if matched, let start {
                    seats.removeSubrange(start..<(start + people.count))
                    allotted += people.count
                }
            }
            return AllocationReplay(allocation: allocation, entrants: ids.count, allotted: allotted, differences: differences)
        }
    }

    /// What a standing request recorded about its outcome, and what it asked for.
    private struct Recorded {
        let status: String
        let allocation: Int?
        let seat: String?
        let group: Int?
        let preference: SeatPreference
    }
}
