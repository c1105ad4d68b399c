import HummingbirdBcrypt
import NIOPosix

/// bcrypt hashing off the event loops. Cost 12 by default (about a quarter of a second here), so guessing is slow
/// for an attacker and the server's threads stay free for other requests.
public struct PasswordHasher: Sendable {
    public let cost: UInt8

    /// `cost` below 12 exists only for tests that create many accounts.
    public init(cost: UInt8 = 12) {
        self.cost = cost
    }

    public func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// A valid hash of nothing anyone knows, verified against when an account does not exist, so a log-in takes
    /// as long for an unknown address as for a wrong password.
    static let decoy = Bcrypt.hash("decoy-\(UInt64.random(in: 0...UInt64.max))", cost: 12)
}
