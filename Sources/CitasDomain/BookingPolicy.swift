/// The rules that make churning appointments useless to a reseller. All durations in seconds; every rule is
/// enforced inside the database statement that makes the change.
public struct BookingPolicy: Sendable, Hashable {
    /// Cancelling or rescheduling closes this long before the appointment.
    public var changeLeadTime = 24 * 3600
    /// Reschedules allowed per appointment.
    public var maxReschedules = 2
    /// After a no-show, the CURP cannot book for this long.
    public var noShowPenalty = 30 * 86_400
    /// Appointments (cancelled ones included) a CURP may create in a rolling year.
    public var bookingsPerYear = 4
    /// A freed seat comes back at a random instant in this range after it was freed, so nobody — the canceller
    /// included — can hand it to a buyer by cancelling on cue.
    public var releaseDelay: ClosedRange<Int> = (2 * 3600)...(48 * 3600)
    /// A freed seat goes into the office's next release draw (when that draw comes early enough) instead of back to
    /// direct booking, so no amount of polling can catch it.
    public var freedSeatsToNextDraw = true

    public init() {}

    /// A random release delay from the system's cryptographic generator.
    public func randomReleaseDelay() -> Int {
        var generator = SystemRandomNumberGenerator()
        return Int.random(in: releaseDelay, using: &generator)
    }
}
