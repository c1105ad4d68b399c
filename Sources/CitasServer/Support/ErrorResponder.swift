import CitasDomain
import CitasPersistence
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Turns any error into the response a person or a client can act on: JSON under `/api`, HTML elsewhere,
/// always with a stable code and a message in the request's language. Unexpected errors are logged, not shown.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let pages: ErrorPages

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let citasError = Self.citasError(for: error, logger: context.logger)
            let language = ErrorPages.language(of: request)
            let status = citasError.code.httpStatus
            var response: Response
            if request.uri.path.hasPrefix("/api/") {
                // The server's own failures keep their details in the log only.
                let detail = status.code < 500 ? citasError.detail : nil
                let body = ErrorBody(error: .init(code: citasError.code.rawValue, message: citasError.message(in: language), detail: detail))
                response = .json(body, status: status)
            } else {
                response = .html(pages.render(citasError, language: language, path: request.uri.path), status: status)
            }
            if let retryAfter = citasError.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
            if citasError.code == .methodNotAllowed, let allowed = citasError.detail { response.headers[.allow] = allowed }
            return response
        }
    }

    static func citasError(for error: any Error, logger: Logger) -> CitasError {
        switch error {
        case let error as CitasError:
            return error
        case let error as HTTPError:
            switch error.status {
            case .notFound: return CitasError(.notFound)
            case .methodNotAllowed: return CitasError(.methodNotAllowed)
            case .contentTooLarge: return CitasError(.payloadTooLarge)
            default: return CitasError(.malformedJSON)
            }
        case _ where DatabaseAvailability.isUnavailable(error):
            logger.error("database unavailable", metadata: ["error": "\(String(reflecting: error))"])
            return CitasError(.databaseUnavailable)
        default:
            logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            return CitasError(.internalError)
        }
    }
}

/// `{"error": {"code": "slot_full", "message": "…"}}`
struct ErrorBody: Codable {
    struct Detail: Codable {
        let code: String
        let message: String
        /// What exactly was wrong, for programs (a field's identifier, a line, a limit); absent when nothing more.
        var detail: String? = nil
    }

    let error: Detail
}

extension ErrorCode {
    /// The one place error codes meet HTTP.
    var httpStatus: HTTPResponse.Status {
        switch self {
        case .malformedJSON, .fieldMissing, .fieldTooLong, .invalidDate, .invalidTime, .timeOfDayInvalid, .invalidDateRange, .curpLength, .curpFormat,
            .curpVowel, .curpDate, .curpCentury, .curpSex, .curpState, .curpConsonants, .curpWord, .curpCheckDigit, .invalidFolio,
            .invalidPlan, .releaseScheduleInvalid, .paymentReferenceInvalid, .givenNamesMissing, .nameInvalid, .sexInvalid, .stateInvalid,
            .emailSyntax, .emailTooLong, .amountInvalid, .capacityInvalid, .formInvalid,
            .emailDomainInvalid, .nobodyChosen,
            .phoneInvalid, .passwordTooShort, .passwordTooLong, .passwordWeak, .passwordCommon:
            return .badRequest
        case .curpNotInRegistry, .procedureInvalid, .validityNotAllowed, .discountNotAllowed, .feeUnknown, .paymentAmountShort, .csvInvalid,
            .emailDisposable, .birthDateInFuture, .curpMismatchBirthDate,
            .curpMismatchSex, .curpMismatchState,
            .curpMismatchCentury,
            .curpMismatchNames, .dependentNotMinor, .dependentSurnameMismatch, .photoFormat,
            .photoDimensions:
            return .unprocessableContent
        case .unsupportedMediaType: return .unsupportedMediaType
        case .payloadTooLarge, .photoTooLarge: return .contentTooLarge
        case .officeNotFound, .slotNotFound, .appointmentNotFound, .paymentNotFound, .notFound, .dependentNotFound: return .notFound
        case .tokenInvalid: return .gone
        case .invalidCredentials, .authenticationRequired: return .unauthorized
        case .accountNotVerified, .accountSuspended, .staffForbidden, .csrfInvalid, .powMissing, .powInvalid, .powExpired, .powInsufficient,
            .powReplayed:
            return .forbidden
        case .rateLimited: return .tooManyRequests
        case .slotNotReleased, .drawRequestPending, .seatHeldForLottery, .changeTooLate, .rescheduleLimit, .noShowPenalty, .yearlyLimit:
            return .conflict
        case .curpRegistered, .emailRegistered, .accountAlreadyActive, .slotFull, .curpHasLiveAppointment, .appointmentNotCancellable,
            .dayHasBookings,
            .capacityBelowBookings, .paymentRecorded, .appointmentWrongState, .dependentsLimit, .dependentHasLiveAppointment:
            return .conflict
        case .dateInPast, .slotInPast: return .unprocessableContent
        case .methodNotAllowed: return .methodNotAllowed
        case .databaseUnavailable, .registryUnavailable, .passportSigningUnavailable: return .serviceUnavailable
        case .internalError: return .internalServerError
        }
    }
}
