import CitasDomain
import CitasPersistence
import Foundation
import Logging
import ServiceLifecycle

/// Sends what the outbox holds: `lanes` senders side by side, each claiming one message at a time (claims are
/// exclusive, so a burst of confirmations is sent in parallel without any message going twice). A failure is retried
/// with growing pauses (30 s, 1 min, 2 min … up to 6 h); a crash mid-send leaves the claim to expire and the message
/// is sent again.
public struct OutboxDeliveryService: Service {
    let outbox: OutboxStore
    let transport: any MailTransport
    let clock: any CitasClock
    let logger: Logger
    var idlePause: Duration = .seconds(1)
    var lease = 120
    /// Senders at once: a mail server's round trip, not the database, bounds one sender.
    public var lanes = 4
    /// What a message gains just before it goes out (the comprobante of the appointment it is about).
    public var composer: (any MailComposer)?
    public var metrics = CitasMetrics()

    public init(outbox: OutboxStore, transport: any MailTransport, clock: any CitasClock, logger: Logger) {
        self.outbox = outbox
        self.transport = transport
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<max(lanes, 1) { group.addTask { await sendUntilShutdown() } }
        }
    }

    private func sendUntilShutdown() async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var delivered = false
            do {
                delivered = try await deliverNext()
            } catch {
                logger.warning("mail delivery stopped", metadata: ["error": "\(error)"])
            }
            if !delivered {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: idlePause) }
            }
        }
    }

    /// Delivers one due message; false when none was due.
    @discardableResult
    public func deliverNext() async throws -> Bool {
        let now = clock.now().epoch
        guard let claimed = try await outbox.claimNext(now: now, lease: lease) else { return false }
        do {
            let message = try await composer?.compose(claimed) ?? claimed
            try await transport.deliver(message)
            try await outbox.markSent(id: message.id, now: clock.now().epoch)
            metrics.mailSent()
        } catch {
            metrics.mailFailed()
            let pause = min(30 << min(claimed.attempts - 1, 20), 6 * 3600)
            logger.warning("mail delivery failed", metadata: ["outbox": "\(claimed.id)", "error": "\(error)"])
            try await outbox.markFailed(id: claimed.id, error: "\(error)", retryAt: now + pause)
        }
        return true
    }
}

/// Completes a claimed message just before it is sent, from what is true at that moment.
public protocol MailComposer: Sendable {
    func compose(_ message: OutboxMessage) async throws -> OutboxMessage
}
