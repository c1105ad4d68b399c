import CitasDomain

/// The staff's sign-in security pages: second factor, recovery codes, own password, the staff list.
struct SecurityText: Sendable {
    let code: String
    let codeHint: String
    let codeMissing: String
    let codeWrong: String
    let enrolTitle: String
    let enrolIntro: String
    let enrolSteps: [String]
    let key: String
    let openInApp: String
    let activate: String
    let recoveryTitle: String
    let recoveryIntro: String
    let toDesk: String
    let passwordTitle: String
    let currentPassword: String
    let newPassword: String
    let passwordChanged: String
    let membersTitle: String
    let email: String
    let name: String
    let role: String
    let offices: String
    let secondFactor: String
    let enrolled: String
    let pending: String
    let state: String
    let active: String
    let disabled: String
    let disable: String
    let reset: String
    let disabledDone: String
    let resetDone: String
    let roles: [StaffRole: String]

    /// The role in words ("Ventanilla"), not its code.
    func roleName(_ role: StaffRole) -> String { roles[role] ?? role.rawValue }

    static let es = SecurityText(
        code: "Código de verificación",
        codeHint: "Los 6 dígitos que muestra su aplicación de autenticación, o uno de sus códigos de recuperación.",
        codeMissing: "Escriba el código que muestra su aplicación de autenticación.",
        codeWrong: "El código no es correcto o ya se usó. Espere a que la aplicación muestre el siguiente.",
        enrolTitle: "Active la verificación en dos pasos",
        enrolIntro: "Su puesto requiere un segundo factor además de la contraseña. Hágalo una sola vez:",
        enrolSteps: [
            "Abra su aplicación de autenticación (por ejemplo, en su teléfono) y agregue una cuenta.",
            "Escriba la clave de abajo (o abra el enlace desde el teléfono).",
            "Escriba aquí el código de 6 dígitos que la aplicación muestra.",
        ],
        key: "Clave",
        openInApp: "Abrir en la aplicación del teléfono",
        activate: "Activar",
        recoveryTitle: "Guarde sus códigos de recuperación",
        recoveryIntro:
            "Si pierde el teléfono, cada código le deja entrar una sola vez. Guárdelos en papel, en un lugar seguro: no se volverán a mostrar.",
        toDesk: "Ir al panel",
        passwordTitle: "Cambiar mi contraseña",
        currentPassword: "Contraseña actual",
        newPassword: "Contraseña nueva",
        passwordChanged: "Su contraseña cambió. Las demás sesiones se cerraron.",
        membersTitle: "Personal",
        email: "Correo",
        name: "Nombre",
        role: "Puesto",
        offices: "Oficinas",
        secondFactor: "Segundo factor",
        enrolled: "Activo",
        pending: "Pendiente",
        state: "Estado",
        active: "Activo",
        disabled: "Desactivado",
        disable: "Desactivar",
        reset: "Restablecer acceso",
        disabledDone: "La cuenta quedó desactivada y sus sesiones se cerraron.",
        resetDone: "Contraseña temporal (entréguela en persona; deberá activar de nuevo su segundo factor):",
        roles: [.admin: "Administración", .manager: "Gerencia de oficina", .clerk: "Ventanilla", .agent: "Centro de llamadas", .auditor: "Auditoría"]
    )

    static let en = SecurityText(
        code: "Verification code",
        codeHint: "The 6 digits your authenticator app shows, or one of your recovery codes.",
        codeMissing: "Enter the code your authenticator app shows.",
        codeWrong: "The code is wrong or was already used. Wait for the app to show the next one.",
        enrolTitle: "Turn on two-step verification",
        enrolIntro: "Your role needs a second factor besides the password. You do this once:",
        enrolSteps: [
            "Open your authenticator app (on your phone, for example) and add an account.",
            "Type the key below (or open the link on the phone).",
            "Enter here the 6-digit code the app shows.",
        ],
        key: "Key",
        openInApp: "Open in the phone's app",
        activate: "Turn on",
        recoveryTitle: "Keep your recovery codes",
        recoveryIntro: "If you lose your phone, each code lets you in once. Keep them on paper, somewhere safe: they will not be shown again.",
        toDesk: "Go to the desk",
        passwordTitle: "Change my password",
        currentPassword: "Current password",
        newPassword: "New password",
        passwordChanged: "Your password changed. Your other sessions were closed.",
        membersTitle: "Staff",
        email: "E-mail",
        name: "Name",
        role: "Role",
        offices: "Offices",
        secondFactor: "Second factor",
        enrolled: "On",
        pending: "Pending",
        state: "State",
        active: "Active",
        disabled: "Disabled",
        disable: "Disable",
        reset: "Reset access",
        disabledDone: "The account is disabled and its sessions are closed.",
        resetDone: "Temporary password (hand it over in person; they will set up their second factor again):",
        roles: [.admin: "Administration", .manager: "Office management", .clerk: "Counter", .agent: "Call centre", .auditor: "Audit"]
    )
}
