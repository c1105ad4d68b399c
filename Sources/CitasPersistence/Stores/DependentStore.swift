import CitasDomain
import Foundation
import SQLKit

/// A dependent to add, checked by `HouseholdRules` and against their CURP before it gets here.
public struct NewDependent: Sendable, Hashable {
    public let curp: Curp
    public let identity: DeclaredIdentity
    public let kind: Dependent.Kind
    public let guardianshipReason: String
    public let secondParentName: String
    public let secondParentCurp: String
    public let documentNote: String

    public init(
        curp: Curp,
        identity: DeclaredIdentity,
        kind: Dependent.Kind,
        guardianshipReason: String,
        secondParentName: String,
        secondParentCurp: String,
        documentNote: String
    ) {
        self.curp = curp
        self.identity = identity
        self.kind = kind
        self.guardianshipReason = guardianshipReason
        self.secondParentName = secondParentName
        self.secondParentCurp = secondParentCurp
        self.documentNote = documentNote
    }
}

/// An account's household. Adding takes the account's row lock first, so the count of six holds against concurrent
/// adds on PostgreSQL too (SQLite has one writer); the CURP's row in `curp_owners` makes it this account's alone.
/// Removing locks that row, so a booking for the person (which reads it the same way) and the removal are in order:
/// whichever comes second sees what the first did.
public struct DependentStore: Sendable {
    let database: any AppDatabase
    let clock: any CitasClock

    public init(database: any AppDatabase, clock: any CitasClock) {
        self.database = database
        self.clock = clock
    }

    /// Adds `dependent` to `accountId`'s household. Throws `dependents_limit` or `curp_registered` (an account holder
    /// or someone's dependent already), having written nothing.
    public func add(_ dependent: NewDependent, to accountId: String) async throws -> Dependent {
        let now = clock.now().epoch
        do {
            return try await database.write { sql in
                try await sql.raw("UPDATE accounts SET updated_at = updated_at WHERE id = \(bind: accountId)").run()
                let count = try await sql.raw(
                    "SELECT COUNT(*) AS n FROM dependents WHERE account_id = \(bind: accountId) AND removed_at IS NULL"
                ).first()!.decode(column: "n", as: Int.self)
                guard count < HouseholdRules.maximumDependents else { throw CitasError(.dependentsLimit) }
                try await sql.raw(
                    "INSERT INTO curp_owners (curp, account_id, role) VALUES (\(bind: dependent.curp.value), \(bind: accountId), 'dependent')"
                ).run()
                let identity = dependent.identity
                let id = try await sql.raw(
                    """
                    INSERT INTO dependents (account_id, curp, paternal_surname, maternal_surname, given_names, birth_date, sex, birth_state, kind,
                        guardianship_reason, second_parent_name, second_parent_curp, document_note, added_at)
                    VALUES (\(bind: accountId), \(bind: dependent.curp.value), \(bind: identity.paternalSurname), \(bind: identity.maternalSurname),
                        \(bind: identity.givenNames), \(bind: identity.birthDate.description), \(bind: identity.sex.rawValue),
                        \(bind: identity.birthState), \(bind: dependent.kind.rawValue), \(bind: dependent.guardianshipReason),
                        \(bind: dependent.secondParentName), \(bind: dependent.secondParentCurp), \(bind: dependent.documentNote), \(bind: now))
                    RETURNING id
                    """
                ).first()!.decode(column: "id", as: Int.self)
                try await AuditLog.append(
                    sql,
                    at: now,
                    actor: "account:\(accountId)",
                    action: "dependent.add",
                    subject: "dependent:\(id)",
                    detail: [dependent.kind.rawValue, dependent.documentNote].filter { !$0.isEmpty }.joined(separator: " ")
                )
                return Dependent(
                    id: id,
                    accountId: accountId,
                    curp: dependent.curp.value,
                    identity: identity,
                    kind: dependent.kind,
                    guardianshipReason: dependent.guardianshipReason,
                    secondParentName: dependent.secondParentName,
                    secondParentCurp: dependent.secondParentCurp,
                    documentNote: dependent.documentNote,
                    addedAt: now
                )
            }
        } catch {
            if UniqueKey.violated(by: error) == .curpOwner { throw CitasError(.curpRegistered) }
            throw error
        }
    }

    /// The household, in the order its members were added.
    public func list(accountId: String) async throws -> [Dependent] {
        try await database.read { sql in
            try await sql.raw(
                "SELECT * FROM dependents WHERE account_id = \(bind: accountId) AND removed_at IS NULL ORDER BY added_at, id"
            ).all().map(Self.dependent(from:))
        }
    }

    /// The household member holding `curp`, if any.
    public func member(curp: String) async throws -> Dependent? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM dependents WHERE curp = \(bind: curp) AND removed_at IS NULL").first().map(Self.dependent(from:))
        }
    }

    /// Removes a member; `dependent_has_live_appointment` while they have one, `dependent_not_found` when they are not
    /// in this household. Their CURP is free again (to register on their own, say, once of age).
    public func remove(id: Int, from accountId: String) async throws {
        try await detach(
            where: "d.id = \(bind: id) AND d.account_id = \(bind: accountId)",
            actor: "account:\(accountId)",
            action: "dependent.remove",
            detail: ""
        )
    }

    /// Staff take a CURP out of whatever household holds it (a reseller parking a child's CURP, a parent's complaint),
    /// with the reason audited; the same refusals as a removal.
    public func release(curp: String, reason: String, actor: String) async throws {
        try await detach(where: "d.curp = \(bind: curp)", actor: actor, action: "dependent.release", detail: reason)
    }

    /// Locks the member's ownership row, refuses while they have a live appointment, then frees their CURP and
    /// withdraws their waiting requests.
    private func detach(where condition: SQLQueryString, actor: String, action: String, detail: String) async throws {
        let now = clock.now().epoch
        let lock = database.engine == .postgres ? " FOR UPDATE" : ""
        try await database.write { sql in
            guard
                let found = try await sql.raw(
                    """
                    SELECT o.curp, d.id, d.account_id FROM curp_owners o JOIN dependents d ON d.curp = o.curp AND d.removed_at IS NULL
                        AND o.account_id = d.account_id
                    WHERE \(condition) AND o.role = 'dependent'\(unsafeRaw: lock)
                    """
                ).first()
            else { throw CitasError(.dependentNotFound) }
            let curp = try found.decode(column: "curp", as: String.self)
            let id = try found.decode(column: "id", as: Int.self)
            let accountId = try found.decode(column: "account_id", as: String.self)
            // A separate statement after the lock: it sees a booking that committed while this waited.
            let live = try await sql.raw(
                "SELECT 1 AS hit FROM appointments WHERE curp = \(bind: curp) AND status IN ('booked', 'checked_in')"
            ).first()
            guard live == nil else { throw CitasError(.dependentHasLiveAppointment) }
            try await sql.raw("DELETE FROM curp_owners WHERE curp = \(bind: curp) AND account_id = \(bind: accountId)").run()
            try await sql.raw("UPDATE dependents SET removed_at = \(bind: now) WHERE id = \(bind: id)").run()
            // Whatever they waited for goes with them (the allocator confirms membership again before giving a seat).
            try await StandingRequestStore.withdrawAll(curp: curp, now: now, in: sql)
            try await AuditLog.append(sql, at: now, actor: actor, action: action, subject: "dependent:\(id)", detail: detail)
        }
    }

    /// Locks and confirms, inside a booking's transaction, that `curp` is `accountId`'s own or one of its dependents';
    /// `dependent_not_found` otherwise.
    static func confirmActsFor(curp: String, accountId: String, engine: DatabaseEngine, in sql: any SQLDatabase) async throws {
        let lock = engine == .postgres ? " FOR UPDATE" : ""
        let owned = try await sql.raw(
            "SELECT 1 AS hit FROM curp_owners WHERE curp = \(bind: curp) AND account_id = \(bind: accountId)\(unsafeRaw: lock)"
        ).first()
        guard owned != nil else { throw CitasError(.dependentNotFound) }
    }

    static func dependent(from row: any SQLRow) throws -> Dependent {
        Dependent(
            id: try row.decode(column: "id", as: Int.self),
            accountId: try row.decode(column: "account_id", as: String.self),
            curp: try row.decode(column: "curp", as: String.self),
            identity: DeclaredIdentity(
                stored: try row.decode(column: "paternal_surname", as: String.self),
                maternal: try row.decode(column: "maternal_surname", as: String.self),
                given: try row.decode(column: "given_names", as: String.self),
                birthDate: try LocalDate(try row.decode(column: "birth_date", as: String.self)),
                sex: DeclaredIdentity.Sex(rawValue: try row.decode(column: "sex", as: String.self)) ?? .x,
                birthState: try row.decode(column: "birth_state", as: String.self)
            ),
            kind: Dependent.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .minor,
            guardianshipReason: try row.decode(column: "guardianship_reason", as: String.self),
            secondParentName: try row.decode(column: "second_parent_name", as: String.self),
            secondParentCurp: try row.decode(column: "second_parent_curp", as: String.self),
            documentNote: try row.decode(column: "document_note", as: String.self),
            addedAt: try row.decode(column: "added_at", as: Int.self)
        )
    }
}
