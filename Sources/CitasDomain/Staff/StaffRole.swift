/// What a member of staff may do, and where. Roles are fixed by the ministry's organisation; offices scope the
/// office roles.
public enum StaffRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Everything, everywhere.
    case admin
    /// One or more offices: plans, capacity, holidays, release schedule, staff; sees their agenda and reports.
    case manager
    /// One office: agenda, check-in, attendance, payments, issuance.
    case clerk
    /// The call centre: books on behalf of a citizen, under the same rules and limits, for any office.
    case agent
    /// Read-only: reports, the audit log and the review queue, everywhere.
    case auditor

    /// Whether the role's reach is national rather than its assigned offices.
    public var isNational: Bool { self == .admin || self == .agent || self == .auditor }
}

/// The things staff pages do, each checked against the role and, for office data, the office.
public enum StaffAction: String, Sendable, Hashable, CaseIterable {
    case readAgenda
    case workAgenda
    case manageOffice
    case bookByPhone
    case readReports
    case readAudit
    case readReview
    case actOnReview
    case manageStaff

    /// The roles allowed to do this at all.
    public var roles: Set<StaffRole> {
        switch self {
        case .readAgenda: [.admin, .manager, .clerk]
        case .workAgenda: [.admin, .clerk]
        case .manageOffice: [.admin, .manager]
        case .bookByPhone: [.admin, .agent]
        case .readReports: [.admin, .manager, .auditor]
        case .readAudit, .readReview: [.admin, .auditor]
        case .actOnReview, .manageStaff: [.admin]
        }
    }
}

/// A signed-in member of staff: who, which role, which offices.
public struct StaffMember: Sendable, Hashable {
    public let id: String
    public let email: String
    public let name: String
    public let role: StaffRole
    public let offices: Set<String>

    public init(id: String, email: String, name: String, role: StaffRole, offices: Set<String>) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.offices = offices
    }

    /// Whether this person may do `action`, on `office`'s data when one is named.
    public func may(_ action: StaffAction, office: String? = nil) -> Bool {
        guard action.roles.contains(role) else { return false }
        guard let office, !role.isNational else { return true }
        return offices.contains(office)
    }

    /// The actor recorded in the audit log.
    public var actor: String { "staff:\(id)" }
}

extension StaffRole {
    /// The roles that touch citizens' data or the offices' settings sign in with a second factor (TOTP).
    public var requiresSecondFactor: Bool { self == .admin || self == .manager || self == .clerk }
}
