/// The rules that make churning appointments useless to a reseller and speed worthless to a bot. All durations in
/// seconds; every rule is enforced inside the database statement that makes the change.
public struct BookingPolicy: Sendable, Hashable {
    /// Cancelling or rescheduling closes this long before the appointment.
    public var changeLeadTime = 24 * 3600
    /// Reschedules allowed per appointment.
    public var maxReschedules = 2
    /// After a no-show, the CURP cannot book for this long.
    public var noShowPenalty = 30 * 86_400
    /// Appointments (cancelled ones included) plus their reschedules a CURP may make in a rolling year.
    public var bookingsPerYear = 4
    /// A seat that becomes free is allotted by the office's next batch, which runs at a random instant this long
    /// after the seat appeared: nobody, the canceller included, can know when, and the instant decides nothing
    /// anyway because the batch draws among everyone waiting.
    public var batchDelay: ClosedRange<Int> = (5 * 60)...(20 * 60)
    /// The allocator gives only seats that start at least this long after it runs, so a person can still get there.
    public var allotLeadTime = 4 * 3600
    /// A day whose release instant has already passed when its slots are created (a first start, a new office, a
    /// longer horizon) is released by a launch draw this long after, announced on the office's page meanwhile.
    public var launchNotice = 15 * 60

    public init() {}

    /// A random batch delay from the system's cryptographic generator.
    public func randomBatchDelay() -> Int {
        var generator = SystemRandomNumberGenerator()
        return Int.random(in: batchDelay, using: &generator)
    }
}
