/// One piece of evidence that an account may belong to a farm or a reseller, with the points it adds to the
/// account's risk score. Scores raise proof-of-work difficulty and rank the staff review queue; no signal alone
/// refuses anybody, because honest people share addresses, names and luck.
public struct RiskSignal: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Registered through a forwarding alias.
        case relayEmail = "relay_email"
        /// More accounts registered from the same client address than a household needs.
        case sharedAddress = "shared_address"
        /// More accounts in the same e-mail family (`ana1@`, `ana2@`…) than chance explains.
        case emailFamily = "email_family"
        /// Registrations from the account's address refused because the CURP did not match the person.
        case identityRefusals = "identity_refusals"
        /// Direct bookings made within seconds of a seat's release instant.
        case releaseBurst = "release_burst"
        /// A cancellation followed, on the same slot, by another person's booking right when it came back.
        case handoff
        /// Household members under guardianship whose surnames share nothing with the holder's.
        case householdSurnames = "household_surnames"
        /// Members who entered a draw within a day of being added, beyond what a family does.
        case householdLateAdds = "household_late_adds"
        /// Members removed after an appointment was booked for them: the seat was wanted, not the person.
        case householdRemovals = "household_removals"
    }

    public let kind: Kind
    public let points: Int
    /// How many of what the kind counts (accounts, refusals, bookings, members…) stand behind the points.
    public let count: Int
    /// The shared key the count is about: a client address or an e-mail family; nil for counts of the account's own.
    public let key: String?

    public init(kind: Kind, points: Int, count: Int, key: String? = nil) {
        self.kind = kind
        self.points = points
        self.count = count
        self.key = key
    }
}

/// An account's signals and their sum.
public struct RiskAssessment: Sendable, Hashable, Codable {
    public let accountId: String
    public let signals: [RiskSignal]

    public init(accountId: String, signals: [RiskSignal]) {
        self.accountId = accountId
        self.signals = signals.filter { $0.points > 0 }
    }

    public var score: Int { signals.reduce(0) { $0 + $1.points } }
}
