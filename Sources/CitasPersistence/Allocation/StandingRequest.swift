import CitasDomain
import Foundation

/// A person waiting for a seat at an office: one per CURP, valid until it is allotted, the person books directly
/// or withdraws it. A request that names the folio of the person's live appointment asks to move it.
public struct StandingRequest: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, Codable {
        case waiting, allotted, skipped, withdrawn
    }

    public let id: Int
    public let officeCode: String
    /// Whose seat it asks for: the account holder's or a member of their household.
    public let curp: String
    /// The id shared by the requests of a household waiting together (the first one's); nil for one person.
    public let group: Int?
    public let preference: SeatPreference
    /// The appointment to move when a seat is allotted; nil for a new appointment.
    public let moveFolio: String?
    public let status: Status
    /// The appointment the allotment made or moved.
    public let folio: String?
}

/// Who files a standing request and how.
public struct Requester: Sendable, Hashable {
    public enum Channel: String, Sendable, Hashable {
        case web, api, phone
    }

    public let channel: Channel
    /// The account that owns the request; nil for a caller of the call centre who has none.
    public let accountId: String?
    /// The call-centre agent (`staff:<id>`) who entered it, and the caller's name as declared.
    public let agent: String?
    public let callerName: String?
    /// A number to call the caller back (a closed day's call list).
    public let callerPhone: String?

    public static func account(_ id: String, channel: Channel) -> Requester {
        Requester(channel: channel, accountId: id, agent: nil, callerName: nil, callerPhone: nil)
    }

    public static func phone(agent: String, accountId: String?, callerName: String, callerPhone: String? = nil) -> Requester {
        Requester(channel: .phone, accountId: accountId, agent: agent, callerName: callerName, callerPhone: callerPhone.map { String($0.prefix(30)) })
    }

    /// The actor written to the audit log.
    var actor: String { Self.actor(agent: agent, accountId: accountId) }

    /// The agent who entered a request, else its account (a CHECK makes sure one of them is there).
    static func actor(agent: String?, accountId: String?) -> String {
        agent ?? accountId.map { "account:\($0)" } ?? "unknown"
    }
}
