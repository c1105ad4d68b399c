import Foundation

/// A person an account holder acts for: a minor (procedure OP-7, both parents or guardians consent at the office)
/// or an adult under the holder's guardianship. They have their own CURP and their own appointments; the holder's
/// account books, receives the mail and answers for them.
public struct Dependent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case minor
        /// An adult under guardianship (interdicción), with the reason given.
        case ward
    }

    public let id: Int
    public let accountId: String
    public let curp: String
    public let identity: DeclaredIdentity
    public let kind: Kind
    public let guardianshipReason: String
    /// The other parent or guardian, as declared (OP-7 asks for both).
    public let secondParentName: String
    public let secondParentCurp: String
    /// What staff must check at the counter (a guardian whose surnames differ from the ward's).
    public let documentNote: String
    public let addedAt: Int

    public init(
        id: Int,
        accountId: String,
        curp: String,
        identity: DeclaredIdentity,
        kind: Kind,
        guardianshipReason: String,
        secondParentName: String,
        secondParentCurp: String,
        documentNote: String,
        addedAt: Int
    ) {
        self.id = id
        self.accountId = accountId
        self.curp = curp
        self.identity = identity
        self.kind = kind
        self.guardianshipReason = guardianshipReason
        self.secondParentName = secondParentName
        self.secondParentCurp = secondParentCurp
        self.documentNote = documentNote
        self.addedAt = addedAt
    }
}

/// Who may be added to a household, decided before anything is written: a minor by their CURP's birth date, a
/// ward only with a reason; a minor shares a surname with the holder or the second parent named, a ward who does
/// not is accepted with a note staff check at the counter.
public enum HouseholdRules {
    public static let maximumDependents = 6
    public static let documentNoteSurnames = "surnames_differ"

    /// The note to record (empty when there is none), or the refusal.
    public static func admit(
        _ identity: DeclaredIdentity,
        kind: Dependent.Kind,
        reason: String,
        holder: DeclaredIdentity,
        secondParentName: String,
        today: LocalDate
    ) throws(CitasError) -> String {
        let adult = identity.birthDate.age(on: today) >= 18
        switch kind {
        case .minor where adult: throw CitasError(.dependentNotMinor)
        case .ward where reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty: throw CitasError(.fieldMissing, detail: "reason")
        default: break
        }
        let family = Set(([holder.paternalSurname, holder.maternalSurname] + secondParentName.split(separator: " ").map(String.init)).map(fold))
        let shares = [identity.paternalSurname, identity.maternalSurname].map(fold).contains { !$0.isEmpty && family.contains($0) }
        if shares { return "" }
        guard kind == .ward else { throw CitasError(.dependentSurnameMismatch) }
        return documentNoteSurnames
    }

    /// Case, accents and surrounding blanks do not make two surnames differ ("López" is "LOPEZ").
    static func fold(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}
