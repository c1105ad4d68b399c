import Foundation

/// Who won between a connection being handed out and the acquisition timeout; whichever comes second loses.
final class LeaseRace: @unchecked Sendable {
    private let lock = NSLock()
    private var state: Bool?

    /// True when the connection arrived first (the work may run).
    func acquire() -> Bool { settle(true) }

    var isSettled: Bool { lock.withLock { state != nil } }

    var wasAcquired: Bool { lock.withLock { state == true } }

    /// True when the timeout came first (the caller is told the database is unavailable).
    func expire() -> Bool { settle(false) }

    private func settle(_ value: Bool) -> Bool {
        lock.withLock {
            if state == nil { state = value }
            return state == value
        }
    }
}

/// What the pool has shown lately: when it last handed out a connection, and whether requests are being refused.
final class PoolHealth: @unchecked Sendable {
    private let lock = NSLock()
    private var lastSign = ContinuousClock.now
    private var refuseUntil = ContinuousClock.now

    var isRefusing: Bool { lock.withLock { ContinuousClock.now < refuseUntil } }

    /// A connection was handed out or given back.
    func alive() {
        lock.withLock { lastSign = ContinuousClock.now }
    }

    /// True when no connection was handed out or given back for `window`: the database is down, not busy.
    func isStarved(for window: Duration) -> Bool {
        lock.withLock { ContinuousClock.now - lastSign >= window }
    }

    func refuse() {
        lock.withLock { refuseUntil = ContinuousClock.now + .seconds(1) }
    }
}
