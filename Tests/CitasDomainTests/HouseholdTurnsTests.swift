import CitasDomain
import Testing

/// A household waiting together: one turn, as many tickets as members, and a run of consecutive seats or nothing.
@Suite("Households in the lottery")
struct HouseholdTurnsTests {
    /// Tickets 0 and 1 are one household (group 100); 2…5 wait alone.
    static let tickets: [(id: Int, group: Int?)] = [(0, 100), (1, 100), (2, nil), (3, nil), (4, nil), (5, nil)]

    @Test("A household takes one turn, with every member, at the place of the first of them drawn")
    func oneTurn() {
        for seed in UInt64(0)..<200 {
            let order = Lottery.order(Self.tickets, seed: seed).map(\.id)
            let turns = Lottery.turns(Self.tickets, seed: seed, group: \.group).map { $0.map(\.id) }
            #expect(turns.count == 5)
            #expect(turns.filter { $0.count > 1 } == [[0, 1]])
            // Alone, people keep their order; the household sits where its first ticket was drawn.
            let firstOfHousehold = order.firstIndex { $0 < 2 }!
            let expected = order.enumerated().compactMap { index, id -> [Int]? in
                id < 2 ? (index == firstOfHousehold ? [0, 1] : nil) : [id]
            }
            #expect(turns == expected)
        }
    }

    @Test("Each member is one ticket: a household of two goes first a third of the time among six tickets, never more")
    func oneTicketPerMember() {
        var first = 0
        let draws = 30_000
        for seed in 0..<draws where Lottery.turns(Self.tickets, seed: UInt64(seed), group: \.group)[0].count == 2 { first += 1 }
        // Two tickets of six: 1/3 (10,000 expected; the bounds are five standard deviations, ±408).
        #expect((9_592...10_408).contains(first))
    }

    @Test("Seats together: the earliest run of one day that the preference accepts, or none")
    func consecutiveSeats() throws {
        let dec4 = LocalDate(year: 2026, month: 12, day: 4)
        let dec5 = LocalDate(year: 2026, month: 12, day: 5)
        let seats = [
            SeatOffer(date: dec4, time: LocalTime(minutes: 9 * 60)),
            SeatOffer(date: dec4, time: LocalTime(minutes: 11 * 60)),
            SeatOffer(date: dec5, time: LocalTime(minutes: 9 * 60)),
            SeatOffer(date: dec5, time: LocalTime(minutes: 9 * 60)),
            SeatOffer(date: dec5, time: LocalTime(minutes: 12 * 60 + 30)),
        ]
        let any = try SeatPreference()
        #expect(Allotment.chooseTogether(any, count: 2, among: seats) == 0)
        // Three: not across the night from Dec 4 to Dec 5.
        #expect(Allotment.chooseTogether(any, count: 3, among: seats) == 2)
        #expect(Allotment.chooseTogether(any, count: 4, among: seats) == nil)
        // Mornings only: the run may not reach the afternoon seat.
        #expect(Allotment.chooseTogether(try SeatPreference(timeOfDay: .morning), count: 3, among: seats) == nil)
        #expect(Allotment.chooseTogether(try SeatPreference(timeOfDay: .morning), count: 2, among: seats) == 0)
        #expect(Allotment.chooseTogether(try SeatPreference(from: dec5), count: 2, among: seats) == 2)
        #expect(Allotment.chooseTogether(any, count: 1, among: seats) == Allotment.choose(any, among: seats))
        #expect(Allotment.chooseTogether(any, count: 0, among: seats) == nil)
        #expect(Allotment.chooseTogether(any, count: 6, among: seats) == nil)
    }
}
