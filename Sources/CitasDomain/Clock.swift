import Foundation

/// Where "now" comes from. Injected everywhere so tests can stand at any instant.
public protocol CitasClock: Sendable {
    func now() -> Date
}

/// The machine's clock.
public struct SystemClock: CitasClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// The machine's clock shifted by a fixed number of seconds: it runs at the real pace from another instant, so
/// several processes given the same offset agree (rehearsals, end-to-end tests of a given weekday).
public struct OffsetClock: CitasClock {
    public let seconds: Int

    public init(seconds: Int) { self.seconds = seconds }

    public func now() -> Date { Date().addingTimeInterval(TimeInterval(seconds)) }
}

/// A clock that stands still until moved; for tests and replays.
public final class ManualClock: CitasClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date) { current = start }

    public func now() -> Date { lock.withLock { current } }

    public func set(_ date: Date) { lock.withLock { current = date } }

    public func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}

extension Date {
    /// Whole seconds since 1970, the unit of every stored instant.
    public var epoch: Int { Int(timeIntervalSince1970.rounded(.down)) }
}
