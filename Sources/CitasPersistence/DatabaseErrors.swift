import PostgresNIO
import SQLiteNIO

/// The unique constraints whose violation means something to a person.
public enum UniqueKey: Sendable, Equatable, CaseIterable {
    case liveAppointmentPerCurp
    case folio
    case accountCurp
    case accountEmail
    case waitingRequest
    case passportSequenceOrdinal
    case passportPerAppointment
    case curpOwner

    /// PostgreSQL reports the constraint's name; SQLite the table and columns.
    var postgresName: String {
        switch self {
        case .liveAppointmentPerCurp: "appointments_one_live_per_curp"
        case .folio: "appointments_pkey"
        case .accountCurp: "accounts_curp_key"
        case .accountEmail: "accounts_email_key"
        case .waitingRequest: "standing_requests_one_waiting_per_curp"
        case .passportSequenceOrdinal: "passport_sequences_ordinal_key"
        case .passportPerAppointment: "passports_one_per_appointment"
        case .curpOwner: "curp_owners_pkey"
        }
    }

    var sqliteColumns: String {
        switch self {
        case .liveAppointmentPerCurp: "appointments.curp"
        case .folio: "appointments.folio"
        case .accountCurp: "accounts.curp"
        case .accountEmail: "accounts.email_key"
        case .waitingRequest: "standing_requests.curp"
        case .passportSequenceOrdinal: "passport_sequences.ordinal"
        case .passportPerAppointment: "passports.folio"
        case .curpOwner: "curp_owners.curp"
        }
    }

    /// Which key `error` violated, if it is a unique violation of one of them.
    static func violated(by error: any Error) -> UniqueKey? {
        allCases.first { $0.isViolated(by: error) }
    }

    private func isViolated(by error: any Error) -> Bool {
        if let error = error as? PSQLError {
            return error.serverInfo?[.sqlState] == "23505" && error.serverInfo?[.constraintName] == postgresName
        }
        if let error = error as? SQLiteError {
            return [.constraintUniqueFailed, .constraintPrimaryKeyFailed].contains(error.reason)
                && error.message.hasSuffix(sqliteColumns)
        }
        if let error = error as? SQLiteStatementError {
            return error.isUniqueViolation && error.message.hasSuffix(sqliteColumns)
        }
        return false
    }
}

/// No database connection could be had in time (PostgreSQL down, restarting or saturated).
public struct DatabaseUnavailableError: Error, CustomStringConvertible {
    public init() {}

    public var description: String { "no database connection within the acquisition timeout" }
}

/// Errors that mean "the database cannot be reached now" rather than "this request is wrong".
public enum DatabaseAvailability {
    public static func isUnavailable(_ error: any Error) -> Bool {
        if error is DatabaseUnavailableError { return true }
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown:
            return true
        default:
            // 57P: the server is shutting down or restarting. 08: a connection exception, which is also what
            // pgbouncer answers while its server is gone ("server login has been failing", "server conn crashed?").
            guard let state = error.serverInfo?[.sqlState] else { return false }
            return state.hasPrefix("57P") || state.hasPrefix("08")
        }
    }
}
