import CitasDomain
import CitasPersistence
import CitasServer
import CitasTestSupport
import Foundation
import SQLKit

extension FairnessSimulation {
    /// The simulated day, minute by minute: the allocator's job, the staff's and sellers' events, everyone's polling.
    struct Timeline {
        var people: [Person]
        var report: Report
        var random: SplitMix64
        /// Buyer → the seat (date, time) their partner gave back for them.
        var targets: [Int: (date: String, time: String)] = [:]
        /// Sellers are done once they gave their seat back.
        var sold: Set<Int> = []

        static let minutes = 17 * 60
        static let addSeatsAt = 60
        static let handoffsAt = 120
        static let widenLastDayAt = 600
        /// Dec 4 is released at 09:00 in Mexico City, 15:00 UTC: minute 900.
        static let lastRelease = 900
        static let added = LocalDate(year: 2026, month: 12, day: 3)
        static let lastDay = LocalDate(year: 2026, month: 12, day: 4)

        mutating func play(context: AppContext, clock: ManualClock, database: any AppDatabase) async throws {
            var before: Set<String> = []
            for minute in 1...Self.minutes {
                clock.advance(by: 60)
                try await context.allocations.runDue()
                switch minute {
                case Self.addSeatsAt:
                    before = Set(try await FairnessSimulation.holders(database).values.map(\.folio))
                    try await context.slots.setCapacity(office: office, date: Self.added, capacity: 6, actor: "staff:sim")
                case Self.addSeatsAt + 45:  // the batch for the added seats has run (it comes within 20 minutes)
                    let now = try await FairnessSimulation.holders(database).filter { !before.contains($0.value.folio) }
                    report.addedSeats = now.count
                    report.addedToBots = now.keys.filter(isBot).count
                case Self.handoffsAt:
                    // The contested seats: what the launch draw and the added seats gave, before anyone gives one back.
                    let holders = try await FairnessSimulation.holders(database)
                    report.botSeats = holders.keys.filter(isBot).count
                    report.honestSeats = holders.count - report.botSeats
                    before = Set(holders.values.map(\.folio))
                    try await handoffs(database)
                case Self.widenLastDayAt:
                    // More seats than people waiting: what the release leaves opens for direct booking.
                    try await context.slots.setCapacity(office: office, date: Self.lastDay, capacity: 60, actor: "staff:sim")
                case Self.lastRelease - 1:
                    // The seats given back went to these people (nothing else freed or added seats in between).
                    let holders = try await FairnessSimulation.holders(database).filter { !before.contains($0.value.folio) }
                    report.freedSeats = holders.count
                    report.freedToBots = holders.keys.filter(isBot).count
                    before = Set(try await FairnessSimulation.holders(database).values.map(\.folio))
                default: break
                }
                if minute == Self.lastRelease + 1 {
                    report.leftoversOpened = try await context.slots.slots(office: office, on: Self.lastDay).map(\.free).reduce(0, +)
                    before = Set(try await FairnessSimulation.holders(database).values.map(\.folio))
                }
                try await poll(minute: minute, database)
            }
            let direct = try await FairnessSimulation.holders(database).filter {
                !before.contains($0.value.folio) && $0.value.date == "\(Self.lastDay)"
            }
            report.leftoversToBots = direct.keys.filter(isBot).count
            report.leftoversToHonest = direct.count - report.leftoversToBots
            let holders = try await FairnessSimulation.holders(database)
            let caught = targets.compactMap { buyer, seat in
                holders[people[buyer].curp].flatMap { $0.date == seat.date && $0.time == seat.time ? $0.folio : nil }
            }
            report.handoffSuccesses = caught.count
            // How each caught seat reached its buyer: by polling (a direct booking) or by the lottery like anyone's.
            for folio in caught {
                let channel = try await database.read { sql in
                    try await sql.raw("SELECT channel FROM appointments WHERE folio = \(bind: folio)").first()!.decode(
                        column: "channel",
                        as: String.self
                    )
                }
                if channel != "draw" { report.handoffsByPolling += 1 }
            }
        }

        func isBot(_ curp: String) -> Bool { people.first { $0.curp == curp }?.bot == true }

        /// Every bot holding a seat gives it back through the API, on cue for a partner without one; the buyer looks at
        /// once and then every minute.
        mutating func handoffs(_ database: any AppDatabase) async throws {
            let holders = try await FairnessSimulation.holders(database)
            for operatorIndex in Set(people.filter(\.bot).map(\.operatorIndex)).sorted() {
                let mine = people.indices.filter { people[$0].bot && people[$0].operatorIndex == operatorIndex }
                var buyers = mine.filter { holders[people[$0].curp] == nil }
                for index in stride(from: buyers.count - 1, to: 0, by: -1) {
                    buyers.swapAt(index, Int(random.next() % UInt64(index + 1)))
                }
                for seller in mine where !buyers.isEmpty {
                    guard let seat = holders[people[seller].curp] else { continue }
                    let (status, _) = try await request(seller) { try await $0.post("/api/v1/appointments/\(seat.folio)/cancel", json: "{}") }
                    guard status == 200 else { continue }  // inside 24 h a seat cannot be given back at all
                    let buyer = buyers.removeFirst()
                    targets[buyer] = (seat.date, seat.time)
                    sold.insert(seller)
                    report.handoffAttempts += 1
                    try await catchTarget(buyer)
                }
            }
        }

        /// Bots without a seat poll every minute, right after the allocator and the minute's events (so they see any
        /// change first); honest people look every 30 minutes.
        mutating func poll(minute: Int, _ database: any AppDatabase) async throws {
            let holders = try await FairnessSimulation.holders(database)
            for index in people.indices where holders[people[index].curp] == nil && !sold.contains(index) {
                if people[index].bot {
                    if targets[index] != nil { try await catchTarget(index) } else { try await grabAnything(index) }
                } else if (minute + people[index].n) % 30 == 0 {
                    try await grabAnything(index)
                }
            }
        }

        /// The buyer reads the seller's day on the HTML page and through the API and books the seat if it shows.
        mutating func catchTarget(_ index: Int) async throws {
            guard let target = targets[index] else { return }
            let page = try await request(index) { try await $0.get("/es/offices/\(office)/\(target.date)") }
            let api = try await request(index) { try await $0.get("/api/v1/offices/\(office)/slots?date=\(target.date)") }
            let html = String(decoding: page.1, as: UTF8.self)
            let shown = html.contains(#"value="\#(target.time)""#) || Self.freeTimes(api.1).contains(target.time)
            guard shown else { return }
            try await book(index, date: target.date, time: target.time)
        }

        /// Anyone open for direct booking, the first free time of the first day with one.
        mutating func grabAnything(_ index: Int) async throws {
            let (status, data) = try await request(index) { try await $0.get("/api/v1/offices/\(office)/availability") }
            struct Days: Decodable {
                struct Day: Decodable {
                    let date: String
                    let free: Int
                }
                let days: [Day]
            }
            guard status == 200, let day = (try? JSONDecoder().decode(Days.self, from: data))?.days.first(where: { $0.free > 0 }) else { return }
            let slots = try await request(index) { try await $0.get("/api/v1/offices/\(office)/slots?date=\(day.date)") }
            guard let time = Self.freeTimes(slots.1).first else { return }
            try await book(index, date: day.date, time: time)
        }

        mutating func book(_ index: Int, date: String, time: String) async throws {
            let body = #"{"office":"\#(office)","date":"\#(date)","time":"\#(time)"}"#
            let (status, data) = try await request(index) { try await $0.post("/api/v1/appointments", json: body, scope: "book", office: office) }
            if people[index].bot, status == 409, String(decoding: data, as: UTF8.self).contains("seat_held_for_lottery") {
                report.botHeldRefusals += 1
            }
        }

        /// One request as a person makes it: logs in again when the session has expired, counts refusals by limits.
        mutating func request(_ index: Int, _ send: (SimClient) async throws -> (Int, Data)) async throws -> (Int, Data) {
            var answer = try await send(people[index].client)
            if answer.0 == 401 {
                people[index].client.token = try await FairnessSimulation.logIn(people[index].client, email: people[index].email)
                answer = try await send(people[index].client)
            }
            if people[index].bot { report.botRequests += 1 }
            if answer.0 == 429 {
                if people[index].bot { report.botLimited += 1 } else { report.honestLimited += 1 }
            }
            return answer
        }

        static func freeTimes(_ data: Data) -> [String] {
            struct Slots: Decodable {
                struct Slot: Decodable {
                    let time: String
                    let free: Int
                }
                let slots: [Slot]
            }
            return (try? JSONDecoder().decode(Slots.self, from: data))?.slots.filter { $0.free > 0 }.map(\.time) ?? []
        }
    }
}
