/// The signed-in pages: identity, procedure, documents and fee.
struct AccountText: Sendable {
    let title: String
    let identityTitle: String
    let identityNote: String
    let name: String
    let procedureTitle: String
    let procedureFirst: String
    let procedureRenewal: String
    let procedureMinor: String
    let procedureLost: String
    let validity: String
    let oneYear: String
    let years: String
    let validityNote: String
    let saveProcedure: String
    let documentsTitle: String
    let documentsFirst: [String]
    let documentsRenewal: [String]
    let documentsMinor: [String]
    let documentsLost: [String]
    let feeTitle: String
    let feeNote: String
    let discountNote: String
    let chooseOffice: String
    let drawsTitle: String
    let drawPending: String
    let drawAllotted: String
    let drawSkipped: String
    let drawWithdrawn: String
    /// A request closed because the person booked; "{folio}" is replaced.
    let drawWithdrawnBooked: String
    let withdrawButton: String
    let withdrawn: String
    let paymentTitle: String
    let discount: String
    let discountNone: String
    let discountSenior: String
    let discountDisability: String
    let discountAgricultural: String
    let getSheet: String
    let reference: String
    let amountDue: String
    let credit: String
    let paidOn: String
    let unpaid: String
    let sheetNote: String
}

/// Offices, availability, draws and booking.
struct OfficeText: Sendable {
    let title: String
    let searchLabel: String
    let searchButton: String
    let noResults: String
    let abroad: String
    /// Where an office's street address is not known yet.
    let noAddress: String
    let calendarTitle: String
    /// Column heads of the month calendar, Monday first.
    let weekdaysShort: [String]
    let calendarKey: String
    let freeSeats: String
    /// "{when}", "{zone}" and "{day}" are replaced: the draw's instant, the office's zone in words, the day it opens.
    let nextDraw: String
    let noDraw: String
    let full: String
    let timeZone: String
    let joinTitle: String
    let joinText: String
    let timeOfDay: String
    let anyTime: String
    let morning: String
    let afternoon: String
    let fromDate: String
    let throughDate: String
    let dateRangeHint: String
    let waitingNow: String
    let joinButton: String
    let joined: String
    let dayTitle: String
    let bookButton: String
    let moveButton: String
    /// Beside a time less than 24 h away: it can be cancelled, not moved.
    let soonMark: String
    let soonWarning: String
    /// A move form from before the appointment changed (another tab, the Back button).
    let staleMove: String
    let noSeats: String
    let powWorking: String
    let powReady: String
    let powNoScript: String
    let needProcedure: String
}

/// The citizen's appointment.
struct AppointmentText: Sendable {
    let title: String
    let none: String
    let folio: String
    let office: String
    let address: String
    let map: String
    let when: String
    let print: String
    let calendar: String
    let cancelButton: String
    let cancelTitle: String
    /// "{when}" and "{office}" are replaced.
    let cancelQuestion: String
    let cancelEffect: String
    let cancelLate: String
    let cancelConfirm: String
    let cancelKeep: String
    let cancelled: String
    /// After a move; "{was}" is replaced by the old date and time.
    let moved: String
    let movedUnknown: String
    /// A move form sent for the time the appointment already has.
    let same: String
    let rescheduleTitle: String
    let rescheduleText: String
    let rules: String
    let booked: String
    let status: String
    let statusBooked: String
    let statusCheckedIn: String
    let reschedulesLeft: String
    let historyTitle: String
    let historyAttended: String
    let historyNoShow: String
    let historyCancelled: String
    /// "{number}" is replaced by the passport's number.
    let historyPassport: String
    let person: String
    let curp: String
    let procedure: String
    let procedureUnset: String
    let arrive: String
    let payment: String
    let paymentPending: String
    let paymentNone: String
    let paymentSheet: String
    let qrTitle: String
    let qrNote: String
    /// The QR picture's accessible name; "{folio}" is replaced.
    let qrLabel: String
    let manage: String
    let attachments: String
}

/// Error pages.
struct ErrorText: Sendable {
    let notFound: String
    let tooMany: String
    /// "{wait}" is replaced by `Formats.wait(seconds:)`.
    let tryAgain: String
    let serverError: String
    let back: String
}
