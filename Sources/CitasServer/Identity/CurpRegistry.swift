import CitasDomain
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where a CURP is checked against a declared identity: RENAPO in real life.
public protocol CurpRegistry: Sendable {
    /// Throws a `curp_mismatch_*` error naming the part that disagrees, `curp_not_in_registry`, or
    /// `registry_unavailable`.
    func confirm(_ curp: Curp, identity: DeclaredIdentity) async throws

    /// What registration may fill in from a CURP before the person confirms it. A registry that answers lookups
    /// can say more; the default reads what the CURP itself encodes.
    func details(of curp: Curp) async -> CurpDetails
}

/// What a CURP tells about its holder: the registration form prefills these and asks "¿Son correctos?".
public struct CurpDetails: Sendable, Equatable {
    public let birthDate: LocalDate
    /// `H`, `M` or `X`.
    public let sex: String
    /// The state of birth's code, `NE` for born abroad.
    public let birthState: String
}

extension CurpRegistry {
    public func details(of curp: Curp) async -> CurpDetails {
        CurpDetails(birthDate: curp.birthDate, sex: curp.sexCode, birthState: curp.stateCode)
    }
}

/// The default: RENAPO's published rules, applied locally.
public struct LocalCurpRegistry: CurpRegistry {
    public init() {}

    public func confirm(_ curp: Curp, identity: DeclaredIdentity) async throws {
        try CurpMatch.check(curp, against: identity)
    }
}

/// A registry behind an HTTP endpoint: `POST` JSON `{curp, paternalSurname, maternalSurname, givenNames, birthDate,
/// sex, birthState}`; the answer is `{"status": "consistent"}`, `{"status": "inconsistent", "part": "birth_date"}`
/// (parts as in `citas curp match`) or `{"status": "unknown"}`.
public struct HTTPCurpRegistry: CurpRegistry {
    let endpoint: URL
    let session: URLSession

    public init(endpoint: URL, timeout: TimeInterval = 5) {
        self.endpoint = endpoint
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        session = URLSession(configuration: configuration)
    }

    struct Query: Encodable {
        let curp, paternalSurname, maternalSurname, givenNames, birthDate, sex, birthState: String
    }

    struct Answer: Decodable {
        let status: String
        let part: String?
    }

    public func confirm(_ curp: Curp, identity: DeclaredIdentity) async throws {
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONEncoder().encode(
            Query(
                curp: curp.value,
                paternalSurname: identity.paternalSurname,
                maternalSurname: identity.maternalSurname,
                givenNames: identity.givenNames,
                birthDate: identity.birthDate.description,
                sex: identity.sex.rawValue,
                birthState: identity.birthState
            )
        )
        let answer: Answer
        do {
            let (data, response) = try await session.data(for: request)
            guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw CitasError(.registryUnavailable) }
            answer = try JSONDecoder().decode(Answer.self, from: data)
        } catch {
            throw CitasError(.registryUnavailable)
        }
        switch (answer.status, answer.part) {
        case ("consistent", _): return
        case ("unknown", _): throw CitasError(.curpNotInRegistry)
        case ("inconsistent", "birth_date"): throw CitasError(.curpMismatchBirthDate)
        case ("inconsistent", "century"): throw CitasError(.curpMismatchCentury)
        case ("inconsistent", "sex"): throw CitasError(.curpMismatchSex)
        case ("inconsistent", "birth_state"): throw CitasError(.curpMismatchState)
        case ("inconsistent", let part): throw CitasError(.curpMismatchNames, detail: part)
        default: throw CitasError(.registryUnavailable)
        }
    }
}
