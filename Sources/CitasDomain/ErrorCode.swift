/// Stable machine-readable error codes. The raw value is part of the public API: never rename one.
public enum ErrorCode: String, Sendable, CaseIterable {
    case malformedJSON = "malformed_json"
    case unsupportedMediaType = "unsupported_media_type"
    case payloadTooLarge = "payload_too_large"
    case fieldMissing = "field_missing"
    case fieldTooLong = "field_too_long"
    case invalidDate = "invalid_date"
    case invalidTime = "invalid_time"
    case timeOfDayInvalid = "time_of_day_invalid"
    case invalidDateRange = "invalid_date_range"
    case dateInPast = "date_in_past"
    case curpLength = "curp_length"
    case curpFormat = "curp_format"
    case curpVowel = "curp_vowel"
    case curpDate = "curp_date"
    case curpCentury = "curp_century"
    case curpSex = "curp_sex"
    case curpState = "curp_state"
    case curpConsonants = "curp_consonants"
    case curpWord = "curp_word"
    case curpCheckDigit = "curp_check_digit"
    case givenNamesMissing = "given_names_missing"
    case nameInvalid = "name_invalid"
    case sexInvalid = "sex_invalid"
    case stateInvalid = "state_invalid"
    case birthDateInFuture = "birth_date_in_future"
    case curpMismatchBirthDate = "curp_mismatch_birth_date"
    case curpMismatchSex = "curp_mismatch_sex"
    case curpMismatchState = "curp_mismatch_state"
    case curpMismatchCentury = "curp_mismatch_century"
    case curpMismatchNames = "curp_mismatch_names"
    case emailSyntax = "email_syntax"
    case emailTooLong = "email_too_long"
    case emailDomainInvalid = "email_domain_invalid"
    case emailDisposable = "email_disposable"
    case passwordTooShort = "password_too_short"
    case passwordTooLong = "password_too_long"
    case passwordWeak = "password_weak"
    case passwordCommon = "password_common"
    case curpRegistered = "curp_registered"
    case emailRegistered = "email_registered"
    case tokenInvalid = "token_invalid"
    case accountAlreadyActive = "account_already_active"
    case invalidCredentials = "invalid_credentials"
    case accountNotVerified = "account_not_verified"
    case authenticationRequired = "authentication_required"
    case csrfInvalid = "csrf_invalid"
    case rateLimited = "rate_limited"
    case powMissing = "pow_missing"
    case powInvalid = "pow_invalid"
    case powExpired = "pow_expired"
    case powInsufficient = "pow_insufficient"
    case powReplayed = "pow_replayed"
    case curpNotInRegistry = "curp_not_in_registry"
    case registryUnavailable = "registry_unavailable"
    case phoneInvalid = "phone_invalid"
    case invalidFolio = "invalid_folio"
    case officeNotFound = "office_not_found"
    case slotNotFound = "slot_not_found"
    case slotFull = "slot_full"
    case slotInPast = "slot_in_past"
    case slotNotReleased = "slot_not_released"
    case drawRequestPending = "draw_request_pending"
    case seatHeldForLottery = "seat_held_for_lottery"
    case curpHasLiveAppointment = "curp_has_live_appointment"
    case appointmentNotFound = "appointment_not_found"
    case appointmentNotCancellable = "appointment_not_cancellable"
    case changeTooLate = "change_too_late"
    case rescheduleLimit = "reschedule_limit"
    case noShowPenalty = "no_show_penalty"
    case yearlyLimit = "yearly_limit"
    case dayHasBookings = "day_has_bookings"
    case capacityBelowBookings = "capacity_below_bookings"
    case invalidPlan = "invalid_plan"
    case releaseScheduleInvalid = "release_schedule_invalid"
    case accountSuspended = "account_suspended"
    case procedureInvalid = "procedure_invalid"
    case validityNotAllowed = "validity_not_allowed"
    case discountNotAllowed = "discount_not_allowed"
    case feeUnknown = "fee_unknown"
    case paymentReferenceInvalid = "payment_reference_invalid"
    case paymentNotFound = "payment_not_found"
    case paymentAmountShort = "payment_amount_short"
    case paymentRecorded = "payment_recorded"
    case csvInvalid = "csv_invalid"
    case amountInvalid = "amount_invalid"
    case capacityInvalid = "capacity_invalid"
    case formInvalid = "form_invalid"
    case staffForbidden = "staff_forbidden"
    case appointmentWrongState = "appointment_wrong_state"
    case dependentNotMinor = "dependent_not_minor"
    case dependentSurnameMismatch = "dependent_surname_mismatch"
    case dependentsLimit = "dependents_limit"
    case dependentHasLiveAppointment = "dependent_has_live_appointment"
    case dependentNotFound = "dependent_not_found"
    case nobodyChosen = "nobody_chosen"
    case photoFormat = "photo_format"
    case photoTooLarge = "photo_too_large"
    case photoDimensions = "photo_dimensions"
    case passportSigningUnavailable = "passport_signing_unavailable"
    case notFound = "not_found"
    case methodNotAllowed = "method_not_allowed"
    case databaseUnavailable = "database_unavailable"
    case internalError = "internal_error"
}

/// The one error type of Citas: a stable code plus, optionally, a detail for the person (e.g. the field name).
public struct CitasError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: ErrorCode
    /// What the message is about (a field name, a folio, a list of appointments); never a secret.
    public let detail: String?
    /// Seconds until trying again makes sense (rate limits); sent as `Retry-After`.
    public let retryAfter: Int?

    public init(_ code: ErrorCode, detail: String? = nil, retryAfter: Int? = nil) {
        self.code = code
        self.detail = detail
        self.retryAfter = retryAfter
    }

    /// The message for a person: the code's sentence, with the field it concerns named in words when the detail is
    /// one (never a raw identifier, a number or English on a Spanish page; programs read `detail` itself).
    public func message(in language: Language) -> String {
        let base = code.message(in: language)
        guard let detail, let field = FieldNames.spoken(detail, in: language) else { return base }
        return "\(base) (\(field))"
    }

    public var description: String { "\(code.rawValue): \(message(in: .en))" }
}
