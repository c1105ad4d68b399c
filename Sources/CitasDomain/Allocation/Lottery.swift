import Foundation

/// A uniform random order of draw requests from a recorded seed, so anyone can replay a draw and check it.
public enum Lottery {
    /// Fisher–Yates with SplitMix64 seeded by `seed`: the same seed and input give the same order on every machine.
    public static func order<T>(_ items: [T], seed: UInt64) -> [T] {
        var generator = SplitMix64(seed: seed)
        var shuffled = items
        guard shuffled.count > 1 else { return shuffled }
        for i in stride(from: shuffled.count - 1, to: 0, by: -1) {
            let j = Int(generator.next() % UInt64(i + 1))
            shuffled.swapAt(i, j)
        }
        return shuffled
    }

    /// The lottery's turns: `items` in seeded order, except that the members of one group (a household waiting
    /// together) take a single turn at the place of the first of them drawn, listed in input order. Each member is one
    /// ticket, so a group of three is as likely to be early as three people alone — and never more.
    public static func turns<T>(_ items: [T], seed: UInt64, group: (T) -> Int?) -> [[T]] {
        let members = Dictionary(grouping: items.filter { group($0) != nil }, by: { group($0)! })
        var served = Set<Int>()
        var turns: [[T]] = []
        for item in order(items, seed: seed) {
            guard let key = group(item) else {
                turns.append([item])
                continue
            }
            if served.insert(key).inserted { turns.append(members[key] ?? [item]) }
        }
        return turns
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): small, fast, and fully determined by its seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
