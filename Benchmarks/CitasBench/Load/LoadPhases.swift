import CitasDomain
import CitasServer
import Foundation
import HTTPTypes

/// The phases of a load run, each on `clients` concurrent keep-alive connections to the server on `port`.
struct LoadPhases: Sendable {
    let port: Int
    let clients: Int
    let seconds: Double
    /// Bearer token of person n; the first half enters the draw, the second half books directly.
    let tokens: [String]
    let day: LocalDate

    /// The cheapest route there is, as the ceiling for everything else.
    func trivial() async -> LoadSummary {
        await timed("trivial GET /health") { client, _ in
            await client.send(.get, "/health", address: Self.address(0))
        }
    }

    func drawRequests(office: String) async -> LoadSummary {
        await each("draw requests", people: 0..<tokens.count / 2) { client, recorder, n in
            guard let proof = await solve(client, scope: "draw", office: office, person: n) else { return }
            let answer = await client.send(
                .post,
                "/api/v1/draws/requests",
                address: Self.address(n),
                token: tokens[n],
                proof: proof,
                json: #"{"office":"\#(office)"}"#,
                expected: [201]
            )
            if answer?.status == 201 { recorder.succeeded() }
        }
    }

    /// Everyone in the second half looks at the day's slots, picks a free one at random, solves the proof-of-work
    /// and books; a seat taken meanwhile (409) sends them back to the list, up to five times, until it is empty.
    func flashBooking(office: String) async -> (LoadSummary, [Int: String]) {
        let folios = FolioBook()
        let summary = await each("flash booking (slots, pow, book)", people: tokens.count / 2..<tokens.count) { client, recorder, n in
            for _ in 0..<5 {
                guard let list = await client.send(.get, "/api/v1/offices/\(office)/slots?date=\(day)", address: Self.address(n)),
                    let slot = (try? list.decode(SlotList.self))?.slots.filter({ $0.free > 0 }).randomElement(),
                    let proof = await solve(client, scope: "book", office: office, person: n)
                else { return }
                let answer = await client.send(
                    .post,
                    "/api/v1/appointments",
                    address: Self.address(n),
                    token: tokens[n],
                    proof: proof,
                    json: #"{"office":"\#(office)","date":"\#(day)","time":"\#(slot.time)"}"#,
                    expected: [201]
                )
                if answer?.status == 201, let booked = try? answer?.decode(Booked.self) {
                    recorder.succeeded()
                    folios.add(n, booked.folio)
                    return
                }
                guard answer?.status == 409 else { return }
            }
        }
        return (summary, folios.all)
    }

    func availability(office: String) async -> LoadSummary {
        await timed("availability (30 days)") { client, _ in
            await client.send(.get, "/api/v1/offices/\(office)/availability", address: Self.address(Int.random(in: 0..<tokens.count)))
        }
    }

    /// Four availability reads to one "my appointment" by its owner, roughly what the pages cause.
    func readMix(office: String, folios: [Int: String]) async -> LoadSummary {
        let owners = Array(folios)
        return await timed("read mix (4 availability : 1 appointment)") { client, i in
            if i % 5 == 4, let (n, folio) = owners.randomElement() {
                await client.send(.get, "/api/v1/appointments/\(folio)", address: Self.address(n), token: tokens[n])
            } else {
                await client.send(.get, "/api/v1/offices/\(office)/availability", address: Self.address(Int.random(in: 0..<tokens.count)))
            }
        }
    }

    /// A challenge fetched and solved as the page's script would (fetch timed; solving is the client's time).
    private func solve(_ client: LoadClient, scope: String, office: String, person n: Int) async -> String? {
        guard let answer = await client.send(.get, "/api/v1/pow?scope=\(scope)&office=\(office)", address: Self.address(n), token: tokens[n]),
            let challenge = try? answer.decode(ProofOfWorkChallenge.self)
        else { return nil }
        return challenge.proof(nonce: ProofOfWorkHash.solve(challenge))
    }

    /// Person n's address as a proxy forwards it: everyone has their own.
    static func address(_ n: Int) -> String {
        "10.\(n >> 16 & 255).\(n >> 8 & 255).\(n & 255)"
    }

    /// Runs `request` over and over on every client for `seconds`.
    private func timed(_ phase: String, _ request: @escaping @Sendable (LoadClient, Int) async -> Void) async -> LoadSummary {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        return await run(phase) { client, _ in
            var i = 0
            while ContinuousClock.now < deadline {
                await request(client, i)
                i += 1
            }
        }
    }

    /// Gives each person of `people` to the next free client, once.
    private func each(
        _ phase: String,
        people: Range<Int>,
        _ work: @escaping @Sendable (LoadClient, LoadRecorder, Int) async -> Void
    ) async -> LoadSummary {
        let next = Counter()
        return await run(phase) { client, recorder in
            while let i = next.take(below: people.count) { await work(client, recorder, people.lowerBound + i) }
        }
    }

    private func run(_ phase: String, _ body: @escaping @Sendable (LoadClient, LoadRecorder) async -> Void) async -> LoadSummary {
        let recorder = LoadRecorder()
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    let client = LoadClient(port: port, recorder: recorder)
                    await body(client, recorder)
                    await client.close()
                }
            }
        }
        return recorder.summary(phase, seconds: (ContinuousClock.now - start).seconds)
    }
}

/// The parts of the API's answers the clients read.
struct SlotList: Decodable {
    struct Slot: Decodable {
        let time: String
        let free: Int
    }

    let slots: [Slot]
}

struct Booked: Decodable {
    let folio: String
}

/// Folios booked in the flash phase, by person.
final class FolioBook: @unchecked Sendable {
    private let lock = NSLock()
    private var folios: [Int: String] = [:]

    func add(_ n: Int, _ folio: String) { lock.withLock { folios[n] = folio } }
    var all: [Int: String] { lock.withLock { folios } }
}
