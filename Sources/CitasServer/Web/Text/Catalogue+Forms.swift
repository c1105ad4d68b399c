/// Registration, log-in and the pages e-mail links open.
struct FormText: Sendable {
    let registerTitle: String
    let registerIntro: String
    /// The first page of registration: the CURP alone.
    let curpFirstIntro: String
    let continueButton: String
    let findCurp: String
    /// Above the whole form once the CURP filled in what it encodes.
    let confirmDetails: String
    let day: String
    let month: String
    let year: String
    let birthDateInvalid: String
    let email: String
    let emailHint: String
    let password: String
    let passwordHint: String
    let curp: String
    let curpHint: String
    let paternalSurname: String
    let maternalSurname: String
    let givenNames: String
    let birthDate: String
    let birthDateHint: String
    let sex: String
    let sexWoman: String
    let sexMan: String
    let sexX: String
    let birthState: String
    let bornAbroad: String
    let phone: String
    let registerButton: String
    let sentTitle: String
    let sentBody: String
    /// "{email}" is replaced by the address the link went to.
    let sentTo: String
    let resendButton: String
    let resent: String
    let logInTitle: String
    let logInButton: String
    let forgotLink: String
    let noAccount: String
    let verifyTitle: String
    let verified: String
    let forgotTitle: String
    let resetSent: String
    let resetTitle: String
    let newPassword: String
    let passwordChanged: String
}
