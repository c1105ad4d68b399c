extension ErrorCode {
    /// The message shown to a person, in their language.
    public func message(in language: Language) -> String {
        let pair = Self.messages[self] ?? ("Ocurrió un error.", "An error occurred.")
        return language == .es ? pair.es : pair.en
    }

    private static let messages: [ErrorCode: (es: String, en: String)] = [
        .malformedJSON: ("El cuerpo de la solicitud no es JSON válido.", "The request body is not valid JSON."),
        .unsupportedMediaType: ("El contenido debe enviarse como application/json.", "The body must be sent as application/json."),
        .payloadTooLarge: ("La solicitud es demasiado grande.", "The request is too large."),
        .fieldMissing: ("Falta un dato obligatorio.", "A required field is missing."),
        .fieldTooLong: ("Un dato excede la longitud permitida.", "A field is longer than allowed."),
        .invalidDate: ("La fecha debe tener el formato AAAA-MM-DD y existir.", "The date must be a real date written YYYY-MM-DD."),
        .invalidTime: ("La hora debe tener el formato HH:MM.", "The time must be written HH:MM."),
        .timeOfDayInvalid: (
            "El horario preferido debe ser any, morning o afternoon.", "The preferred time of day must be any, morning or afternoon."
        ),
        .invalidDateRange: ("El rango de fechas no es válido.", "The date range is not valid."),
        .dateInPast: ("La fecha ya pasó.", "The date is in the past."),
        .curpLength: ("La CURP debe tener 18 caracteres.", "The CURP must have 18 characters."),
        .curpFormat: ("La CURP no tiene el formato correcto.", "The CURP is not in the correct format."),
        .curpVowel: ("La segunda letra de la CURP debe ser una vocal o X.", "The CURP's second letter must be a vowel or X."),
        .curpDate: ("La fecha de nacimiento de la CURP no existe o es futura.", "The CURP's birth date does not exist or is in the future."),
        .curpCentury: (
            "El carácter 17 de la CURP debe ser un dígito (nacidos hasta 1999) o una letra de la A a la J (desde 2000).",
            "The CURP's 17th character must be a digit (born up to 1999) or a letter A to J (from 2000)."
        ),
        .curpSex: ("El carácter 11 de la CURP debe ser H, M o X.", "The CURP's 11th character must be H, M or X."),
        .curpState: ("La CURP no tiene una clave de entidad válida.", "The CURP does not hold a valid state code."),
        .curpConsonants: ("Los caracteres 14 a 16 de la CURP deben ser consonantes.", "The CURP's characters 14 to 16 must be consonants."),
        .curpWord: ("Las primeras cuatro letras de la CURP no son válidas.", "The CURP's first four letters are not valid."),
        .curpCheckDigit: ("El dígito verificador de la CURP no coincide.", "The CURP check digit does not match."),
        .givenNamesMissing: ("Escriba su nombre o nombres.", "Enter your given name or names."),
        .nameInvalid: ("El nombre contiene caracteres no válidos o es demasiado largo.", "The name holds invalid characters or is too long."),
        .sexInvalid: ("El sexo debe ser H, M o X.", "Sex must be H, M or X."),
        .stateInvalid: ("La entidad de nacimiento no es válida.", "The birth state is not valid."),
        .birthDateInFuture: ("La fecha de nacimiento no puede ser futura.", "The birth date cannot be in the future."),
        .curpMismatchBirthDate: (
            "La fecha de nacimiento no coincide con la CURP.", "The birth date does not match the CURP."
        ),
        .curpMismatchSex: ("El sexo no coincide con la CURP.", "The sex does not match the CURP."),
        .curpMismatchState: ("La entidad de nacimiento no coincide con la CURP.", "The birth state does not match the CURP."),
        .curpMismatchCentury: (
            "El siglo de nacimiento no coincide con el carácter 17 de la CURP.", "The birth century does not match the CURP's 17th character."
        ),
        .curpMismatchNames: (
            "Los nombres no coinciden con la CURP. Revíselos tal como aparecen en su acta de nacimiento.",
            "The names do not match the CURP. Check them as written on your birth certificate."
        ),
        .emailSyntax: ("La dirección de correo no es válida.", "The e-mail address is not valid."),
        .emailTooLong: ("La dirección de correo es demasiado larga.", "The e-mail address is too long."),
        .emailDomainInvalid: ("El dominio del correo no es válido.", "The e-mail domain is not valid."),
        .emailDisposable: (
            "No se aceptan correos desechables o temporales. Use una dirección permanente.",
            "Throw-away or temporary e-mail addresses are not accepted. Use a permanent address."
        ),
        .passwordTooShort: ("La contraseña debe tener al menos 8 caracteres.", "The password must have at least 8 characters."),
        .passwordTooLong: ("La contraseña es demasiado larga (máximo 72 bytes).", "The password is too long (72 bytes at most)."),
        .passwordWeak: (
            "La contraseña debe incluir mayúsculas, minúsculas, un número y un símbolo.",
            "The password must include upper- and lower-case letters, a digit and a symbol."
        ),
        .passwordCommon: ("Esa contraseña es demasiado común. Elija otra.", "That password is too common. Choose another."),
        .curpRegistered: (
            "Ya existe una cuenta con esta CURP. Si es suya, recupere su contraseña.",
            "An account with this CURP already exists. If it is yours, recover your password."
        ),
        .emailRegistered: ("Esta dirección ya tiene una cuenta.", "This address already has an account."),
        .tokenInvalid: ("El enlace no es válido, ya se usó o venció.", "The link is not valid, was already used or has expired."),
        .accountAlreadyActive: (
            "Su cuenta ya está activa: este enlace ya se usó. Puede iniciar sesión.",
            "Your account is already active: this link was used before. You can log in."
        ),
        .invalidCredentials: ("Correo o contraseña incorrectos.", "Wrong e-mail or password."),
        .accountNotVerified: ("Confirme primero su correo con el enlace que le enviamos.", "First confirm your e-mail with the link we sent."),
        .authenticationRequired: ("Inicie sesión para continuar.", "Log in to continue."),
        .csrfInvalid: ("El formulario venció. Vuelva a intentarlo.", "The form has expired. Please try again."),
        .rateLimited: ("Demasiados intentos. Espere un momento e inténtelo de nuevo.", "Too many attempts. Wait a moment and try again."),
        .curpNotInRegistry: ("La CURP no aparece en el registro nacional.", "The CURP is not in the national registry."),
        .registryUnavailable: (
            "No pudimos consultar el registro de CURP. Intente más tarde.", "We could not reach the CURP registry. Try again later."
        ),
        .phoneInvalid: ("El teléfono debe tener de 8 a 15 dígitos.", "The phone number must have 8 to 15 digits."),
        .powMissing: (
            "Falta la comprobación automática del navegador. Active JavaScript y vuelva a intentarlo.",
            "The browser's automatic check is missing. Turn on JavaScript and try again."
        ),
        .powInvalid: ("La comprobación automática no es válida. Vuelva a intentarlo.", "The automatic check is not valid. Try again."),
        .powExpired: ("La comprobación automática venció. Vuelva a intentarlo.", "The automatic check expired. Try again."),
        .powInsufficient: ("La comprobación automática está incompleta. Vuelva a intentarlo.", "The automatic check is incomplete. Try again."),
        .powReplayed: ("Esa comprobación ya se usó. Vuelva a intentarlo.", "That check was already used. Try again."),
        .invalidFolio: ("El folio no es válido.", "The folio is not valid."),
        .officeNotFound: ("No existe esa oficina.", "There is no such office."),
        .slotNotFound: ("No hay atención en ese horario.", "There is no appointment time at that hour."),
        .slotFull: ("Ese horario ya no tiene lugares.", "That time has no places left."),
        .slotInPast: ("Ese horario ya pasó.", "That time has already passed."),
        .slotNotReleased: (
            "Ese día todavía no se libera: participe en el sorteo de liberación.", "That day is not released yet: join its release draw."
        ),
        .drawRequestPending: ("Esta CURP ya tiene una solicitud en espera de sorteo.", "This CURP already has a request waiting for a draw."),
        .seatHeldForLottery: (
            "Hay personas en espera para esta oficina: sus lugares libres se sortean entre ellas. Inscríbase en la lista de espera.",
            "People are waiting for this office: its free seats are drawn among them. Join its waiting list."
        ),
        .curpHasLiveAppointment: (
            "Esta CURP ya tiene una cita vigente. Solo se permite una cita por persona.",
            "This CURP already has an active appointment. Only one appointment per person is allowed."
        ),
        .appointmentNotFound: ("No encontramos una cita con ese folio y CURP.", "No appointment matches that folio and CURP."),
        .appointmentNotCancellable: (
            "La cita ya no puede cancelarse: ya comenzó, ya fue atendida o ya estaba cancelada.",
            "The appointment can no longer be cancelled: it has started, been attended or was already cancelled."
        ),
        .changeTooLate: (
            "El horario de una cita sólo puede cambiarse hasta 24 horas antes. Cancelarla es posible hasta la hora de la cita.",
            "An appointment can only be moved up to 24 hours before. You can still cancel it until it starts."
        ),
        .rescheduleLimit: ("Esta cita ya se cambió el máximo de veces permitido.", "This appointment has been changed the maximum number of times."),
        .noShowPenalty: (
            "No se presentó a una cita reciente; podrá reservar de nuevo más adelante.",
            "You missed a recent appointment; you can book again later."
        ),
        .yearlyLimit: (
            "Esta CURP alcanzó el número máximo de citas en un año.", "This CURP has reached the maximum number of appointments in a year."
        ),
        .dayHasBookings: ("El día tiene citas reservadas; no se cerró.", "The day has booked appointments; it was not closed."),
        .capacityBelowBookings: (
            "La nueva capacidad es menor que las citas reservadas; no se cambió.",
            "The new capacity is below the booked appointments; nothing was changed."
        ),
        .invalidPlan: ("El horario de atención no es válido.", "The opening plan is not valid."),
        .releaseScheduleInvalid: (
            "La publicación de citas debe ser a una hora HH:MM y entre 0 y 365 días antes.",
            "Appointments must be released at a time HH:MM and between 0 and 365 days ahead."
        ),
        .procedureInvalid: (
            "Elija un trámite válido; el de menores es solo para menores de 18 años.",
            "Choose a valid procedure; the minors' one is only for people under 18."
        ),
        .validityNotAllowed: (
            "Esa vigencia no está disponible: elija 3, 6 o 10 años (1 año solo para menores de 3).",
            "That validity is not available: choose 3, 6 or 10 years (1 year only for children under 3)."
        ),
        .discountNotAllowed: (
            "Ese descuento no aplica: 60 años o más; trabajadores agrícolas solo con vigencia de 3 o 6 años.",
            "That discount does not apply: 60 or over; agricultural workers only with 3- or 6-year validity."
        ),
        .feeUnknown: ("No hay tarifa publicada para ese año.", "No fee is published for that year."),
        .paymentReferenceInvalid: (
            "La referencia de pago debe tener 16 dígitos y su dígito verificador debe coincidir.",
            "The payment reference must have 16 digits and its check digits must match."
        ),
        .paymentNotFound: ("No existe una hoja de pago con esa referencia.", "No payment sheet has that reference."),
        .paymentAmountShort: ("El monto pagado es menor que el monto a pagar.", "The amount paid is less than the amount due."),
        .paymentRecorded: ("Ese pago ya estaba registrado.", "That payment was already recorded."),
        .csvInvalid: ("El archivo tiene líneas con errores; no se importó nada.", "The file has lines with errors; nothing was imported."),
        .amountInvalid: (
            "El importe no es válido: escríbalo como 2440, 2440.00 o $2,440.00 (hasta 9,999,999.99).",
            "The amount is not valid: write it as 2440, 2440.00 or $2,440.00 (up to 9,999,999.99)."
        ),
        .capacityInvalid: ("La capacidad debe ser un número de 0 a 500 lugares.", "The capacity must be a number of seats from 0 to 500."),
        .formInvalid: (
            "El formulario llegó dañado y no se guardó nada. Vuelva a cargar la página e inténtelo de nuevo.",
            "The form arrived damaged and nothing was saved. Reload the page and try again."
        ),
        .staffForbidden: ("Su función no permite esta acción aquí.", "Your role does not allow this here."),
        .appointmentWrongState: (
            "La cita no está en el estado que permite este paso.", "The appointment is not in a state that allows this step."
        ),
        .accountSuspended: (
            "Su cuenta está suspendida. Acuda a su oficina o llame al centro de atención para aclararlo.",
            "Your account is suspended. Visit your office or call the help line to resolve it."
        ),
        .dependentNotMinor: (
            "Según su CURP, esta persona ya es mayor de edad: necesita su propia cuenta, o regístrela como persona bajo su tutela.",
            "By their CURP this person is an adult: they need their own account, or add them as a person under your guardianship."
        ),
        .dependentSurnameMismatch: (
            "Un menor debe compartir un apellido con usted o con el otro padre o tutor que indique.",
            "A minor must share a surname with you or with the other parent or guardian you name."
        ),
        .dependentsLimit: ("Una cuenta puede tener a lo más 6 familiares.", "An account can have at most 6 family members."),
        .dependentHasLiveAppointment: (
            "Esta persona tiene una cita vigente: cancélela antes de quitarla de su familia.",
            "This person has a live appointment: cancel it before removing them from your family."
        ),
        .dependentNotFound: ("Esa persona no está en su familia.", "That person is not in your family."),
        .nobodyChosen: (
            "Marque al menos a una persona: usted o alguien de su familia.", "Tick at least one person: yourself or someone in your family."
        ),
        .photoFormat: (
            "La foto debe ser una imagen JPEG (.jpg) en color o escala de grises.", "The photo must be a JPEG image (.jpg), in colour or greyscale."
        ),
        .photoTooLarge: ("La foto pesa demasiado: el máximo es 160 KB.", "The photo is too large: the most is 160 KB."),
        .photoDimensions: (
            "La foto debe ser vertical, de 3 × 4 (p. ej. 480 × 640 píxeles), y medir entre 240 y 1200 píxeles de ancho.",
            "The photo must be portrait, 3 × 4 (e.g. 480 × 640 pixels), and 240 to 1200 pixels wide."
        ),
        .passportSigningUnavailable: (
            "No se puede firmar el pasaporte ahora: el certificado de firma venció o fue revocado. Avise a la administración.",
            "The passport cannot be signed now: the signing certificate expired or was revoked. Tell the administrator."
        ),
        .notFound: ("La página no existe.", "The page does not exist."),
        .methodNotAllowed: ("Método no permitido.", "Method not allowed."),
        .databaseUnavailable: (
            "El servicio no está disponible por el momento. Intente más tarde.",
            "The service is unavailable right now. Please try again later."
        ),
        .internalError: ("Ocurrió un error inesperado.", "An unexpected error occurred."),
    ]
}
