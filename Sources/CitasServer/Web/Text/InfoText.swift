/// The pages that make a public service trustworthy: privacy notice, help and contact, accessibility statement, and
/// the form to report a reseller. The privacy notice says what this code actually keeps and why.
struct InfoText: Sendable {
    /// One titled part of an information page.
    struct Section: Sendable {
        let id: String
        let title: String
        let paragraphs: [String]
        let items: [String]
        let hasItems: Bool

        init(_ id: String, _ title: String, _ paragraphs: [String], items: [String] = []) {
            self.id = id
            self.title = title
            self.paragraphs = paragraphs
            self.items = items
            hasItems = !items.isEmpty
        }
    }

    let authority: String
    let privacy: String
    let help: String
    let accessibility: String
    let report: String
    /// "{phone}" is replaced by the configured help line.
    let phoneLine: String
    let privacyLead: String
    let privacySections: [Section]
    let helpLead: String
    let helpSections: [Section]
    let accessibilityLead: String
    let accessibilitySections: [Section]
    let reportLead: String
    let reportDescription: String
    let reportDescriptionHint: String
    let reportSubject: String
    let reportSubjectHint: String
    let reportLocation: String
    let reportLocationHint: String
    let reportContact: String
    let reportContactHint: String
    let reportSend: String
    /// "{number}" is replaced by the report's number.
    let reportThanks: String
    let reportPrivacy: String
}

extension InfoText {
    static let es = InfoText(
        authority: "Secretaría de Relaciones Exteriores · Pasaportes",
        privacy: "Aviso de privacidad",
        help: "Ayuda y contacto",
        accessibility: "Accesibilidad",
        report: "Denunciar reventa de citas",
        phoneLine: "Atención telefónica gratuita: {phone}",
        privacyLead:
            "Este aviso explica qué datos personales guarda el servicio de citas para pasaporte, para qué los usa y cómo puede ejercer sus derechos.",
        privacySections: [
            Section(
                "responsable",
                "Quién es responsable",
                ["La Secretaría de Relaciones Exteriores es responsable del tratamiento de sus datos en este servicio."]
            ),
            Section(
                "datos",
                "Qué datos guardamos",
                ["Solo los necesarios para darle una cita y expedir su pasaporte:"],
                items: [
                    "Su CURP, nombre, fecha y estado de nacimiento y sexo, tal como aparecen en la CURP, para confirmar su identidad.",
                    "Su correo electrónico, para avisarle de su cita; un teléfono si usted lo da.",
                    "Sus citas, solicitudes de sorteo, pagos de derechos y el pasaporte expedido.",
                    "La dirección de red desde la que se registra y reserva, para detectar la reventa de citas.",
                    "En la oficina: la identificación que presentó y, al expedir el pasaporte, su fotografía.",
                ]
            ),
            Section(
                "finalidades",
                "Para qué los usamos",
                [
                    "Para verificar su identidad, darle una sola cita a su nombre, enviarle confirmaciones y recordatorios, cobrar los derechos y expedir su pasaporte.",
                    "Para impedir la reventa: el sistema busca señales de cuentas falsas o de reserva automática, y el personal las revisa antes de suspender una cuenta.",
                    "Para estadísticas públicas, siempre en cifras agregadas que no identifican a nadie.",
                ]
            ),
            Section(
                "transferencias",
                "Con quién los compartimos",
                [
                    "Su CURP se consulta con el Registro Nacional de Población (RENAPO) para confirmar que es válida. No vendemos ni cedemos sus datos, y estas páginas no usan publicidad ni rastreadores de terceros; la única galleta (cookie) es la de su sesión."
                ]
            ),
            Section(
                "derechos",
                "Sus derechos",
                [
                    "Puede acceder a sus datos, rectificarlos, cancelarlos u oponerse a su uso (derechos ARCO) ante la Unidad de Transparencia de la Secretaría. Los datos de la CURP se corrigen ante el Registro Civil o RENAPO."
                ]
            ),
            Section(
                "conservacion",
                "Cuánto tiempo",
                [
                    "Los datos de sus citas se conservan mientras sean necesarios para el trámite y las obligaciones de archivo; los correos enviados se borran del sistema al salir, y los contadores de seguridad caducan solos."
                ]
            ),
        ],
        helpLead: "Respuestas a lo que más se pregunta, y cómo hablar con una persona.",
        helpSections: [
            Section(
                "cita",
                "¿Cómo obtengo una cita?",
                [
                    "Cree una cuenta con su CURP y su correo, elija su trámite y una oficina. Los lugares nuevos se reparten por sorteo entre quienes se apuntan antes: no gana quien llega primero. Lo que sobra después del sorteo se puede reservar directamente."
                ]
            ),
            Section(
                "correo",
                "No me llegó el correo de activación",
                [
                    "Revise la carpeta de correo no deseado. En la página «Revise su correo» puede pedir que se lo enviemos otra vez. Si escribió mal la dirección, regístrese de nuevo con la correcta."
                ]
            ),
            Section(
                "cambiar",
                "¿Puedo cambiar o cancelar mi cita?",
                [
                    "Puede cancelarla hasta la hora en que empieza, en «Mi cita». Puede cambiarla de horario hasta 24 horas antes, dos veces como máximo. Si no acude sin cancelar, no podrá reservar durante un tiempo."
                ]
            ),
            Section(
                "llevar",
                "¿Qué llevo el día de la cita?",
                [
                    "Su comprobante (impreso o en el teléfono), los documentos originales de su trámite y el pago de derechos. Llegue 15 minutos antes."
                ]
            ),
            Section(
                "gestores",
                "Alguien me ofrece una cita a cambio de dinero",
                [
                    "Las citas son gratuitas y personales: una cita comprada no sirve, porque está a nombre de la CURP de quien la reservó. Si alguien le ofrece vender o ceder una cita, denúncielo en el formulario de denuncias."
                ]
            ),
            Section(
                "contacto",
                "Hablar con una persona",
                [
                    "Llame a la línea de atención, que también puede reservar una cita por usted con las mismas reglas. Para dudas de una oficina en particular, consulte su página en «Oficinas»."
                ]
            ),
        ],
        accessibilityLead:
            "Queremos que todas las personas puedan pedir su cita. Este servicio se diseña para cumplir las Pautas de Accesibilidad para el Contenido Web (WCAG) 2.2, nivel AA.",
        accessibilitySections: [
            Section(
                "hecho",
                "Lo que hacemos",
                ["Cada página se revisa con una herramienta automática (axe) en un navegador real antes de publicarse, y además:"],
                items: [
                    "Todo funciona con el teclado, con un enlace para saltar al contenido.",
                    "Los formularios dicen en palabras qué falta, llevan el foco a la lista de errores y conservan lo escrito.",
                    "Las páginas funcionan sin JavaScript, salvo la comprobación automática de los formularios que dan lugares.",
                    "El texto se puede ampliar y las páginas se adaptan a pantallas de teléfono; los controles miden al menos 24 píxeles.",
                    "Todo está en español y en inglés.",
                ]
            ),
            Section(
                "limites",
                "Limitaciones conocidas",
                [
                    "La comprobación automática contra la reventa necesita JavaScript; si no puede usarlo, llame a la línea de atención y le reservan la cita. El código QR del comprobante lleva al lado su folio en texto."
                ]
            ),
            Section(
                "barreras",
                "Si encuentra una barrera",
                ["Díganos en qué página y qué ocurrió por la línea de atención; le ayudaremos a completar su trámite y corregiremos la página."]
            ),
        ],
        reportLead:
            "Las citas son gratuitas y personales. Si alguien le ofreció vender, ceder o «conseguir» una cita, cuéntenos lo que vio: el equipo de revisión lo investiga y puede suspender las cuentas involucradas. Puede hacerlo sin dar su nombre.",
        reportDescription: "¿Qué ocurrió?",
        reportDescriptionHint: "Qué le ofrecieron, cuánto le pidieron y por qué medio (hasta 2000 caracteres).",
        reportSubject: "¿A quién señala?",
        reportSubjectHint: "Una CURP, un correo, un teléfono o una página web, si los conoce.",
        reportLocation: "¿Dónde?",
        reportLocationHint: "La oficina o el lugar, si aplica.",
        reportContact: "Su correo, si quiere que le escribamos",
        reportContactHint: "No lo compartimos con nadie.",
        reportSend: "Enviar denuncia",
        reportThanks: "Gracias. Su denuncia número {number} llegó al equipo de revisión.",
        reportPrivacy: "Lo que escriba solo lo lee el personal de revisión, según el aviso de privacidad."
    )

    static let en = InfoText(
        authority: "Ministry of Foreign Affairs · Passports",
        privacy: "Privacy notice",
        help: "Help and contact",
        accessibility: "Accessibility",
        report: "Report appointment reselling",
        phoneLine: "Free help line: {phone}",
        privacyLead: "This notice explains what personal data the passport appointment service keeps, what for, and how to exercise your rights.",
        privacySections: [
            Section(
                "responsable",
                "Who is responsible",
                ["Mexico's Ministry of Foreign Affairs (SRE) is responsible for processing your data in this service."]
            ),
            Section(
                "datos",
                "What we keep",
                ["Only what is needed to give you an appointment and issue your passport:"],
                items: [
                    "Your CURP, name, date and state of birth and sex, as they appear on the CURP, to confirm your identity.",
                    "Your e-mail address, to send you notices about your appointment; a phone number if you give one.",
                    "Your appointments, draw requests, fee payments and the passport issued.",
                    "The network address you register and book from, to detect appointment reselling.",
                    "At the office: the ID you showed and, when the passport is issued, your photograph.",
                ]
            ),
            Section(
                "finalidades",
                "What we use it for",
                [
                    "To verify your identity, give you one appointment in your name, send confirmations and reminders, collect the fee and issue your passport.",
                    "To prevent reselling: the system looks for signs of fake accounts or automated booking, and staff review them before suspending an account.",
                    "For public statistics, always as totals that identify nobody.",
                ]
            ),
            Section(
                "transferencias",
                "Who we share it with",
                [
                    "Your CURP is checked with the National Population Registry (RENAPO). We do not sell or hand over your data, and these pages use no third-party advertising or trackers; the only cookie is your session's."
                ]
            ),
            Section(
                "derechos",
                "Your rights",
                [
                    "You may access, correct or delete your data or object to its use (ARCO rights) through the Ministry's Transparency Unit. CURP data is corrected at the Civil Registry or RENAPO."
                ]
            ),
            Section(
                "conservacion",
                "How long",
                [
                    "Appointment data is kept while the procedure and record-keeping duties need it; e-mails are deleted from the system once sent, and security counters expire on their own."
                ]
            ),
        ],
        helpLead: "Answers to the most common questions, and how to talk to a person.",
        helpSections: [
            Section(
                "cita",
                "How do I get an appointment?",
                [
                    "Create an account with your CURP and e-mail, choose your procedure and an office. New seats are shared out by a draw among those who sign up before it: being first wins nothing. What is left after the draw can be booked directly."
                ]
            ),
            Section(
                "correo",
                "The activation e-mail did not arrive",
                [
                    "Check your spam folder. On the “Check your e-mail” page you can ask for it to be sent again. If you mistyped the address, register again with the right one."
                ]
            ),
            Section(
                "cambiar",
                "Can I move or cancel my appointment?",
                [
                    "You can cancel it until it starts, under “My appointment”. You can move it up to 24 hours before, at most twice. If you do not come and did not cancel, you cannot book for a while."
                ]
            ),
            Section(
                "llevar",
                "What do I bring on the day?",
                [
                    "Your comprobante (printed or on your phone), the original documents of your procedure and the fee payment. Arrive 15 minutes early."
                ]
            ),
            Section(
                "gestores",
                "Someone offers me an appointment for money",
                [
                    "Appointments are free and personal: a bought appointment is useless, because it is tied to the CURP of whoever booked it. If someone offers to sell or hand over an appointment, report them with the report form."
                ]
            ),
            Section(
                "contacto",
                "Talk to a person",
                [
                    "Call the help line, which can also book an appointment for you under the same rules. For questions about one office, see its page under “Offices”."
                ]
            ),
        ],
        accessibilityLead:
            "We want everyone to be able to get their appointment. This service is designed to meet the Web Content Accessibility Guidelines (WCAG) 2.2, level AA.",
        accessibilitySections: [
            Section(
                "hecho",
                "What we do",
                ["Every page is checked with an automatic tool (axe) in a real browser before release, and also:"],
                items: [
                    "Everything works with the keyboard, with a link to skip to the content.",
                    "Forms say in words what is missing, move the focus to the list of errors and keep what you typed.",
                    "Pages work without JavaScript, except the automatic check on the forms that give out seats.",
                    "Text can be enlarged and pages fit phone screens; controls are at least 24 pixels.",
                    "Everything is in Spanish and English.",
                ]
            ),
            Section(
                "limites",
                "Known limitations",
                [
                    "The automatic check against reselling needs JavaScript; if you cannot use it, call the help line and they will book for you. The comprobante's QR code has its folio beside it in text."
                ]
            ),
            Section(
                "barreras",
                "If you meet a barrier",
                ["Tell us on the help line which page and what happened; we will help you finish your procedure and fix the page."]
            ),
        ],
        reportLead:
            "Appointments are free and personal. If someone offered to sell, hand over or “get” you an appointment, tell us what you saw: the review team investigates and can suspend the accounts involved. You may report without giving your name.",
        reportDescription: "What happened?",
        reportDescriptionHint: "What you were offered, how much was asked and how (up to 2000 characters).",
        reportSubject: "Whom does it name?",
        reportSubjectHint: "A CURP, an e-mail address, a phone number or a web page, if you know them.",
        reportLocation: "Where?",
        reportLocationHint: "The office or place, if any.",
        reportContact: "Your e-mail, if you want us to write back",
        reportContactHint: "We share it with nobody.",
        reportSend: "Send report",
        reportThanks: "Thank you. Your report number {number} reached the review team.",
        reportPrivacy: "Only the review staff read what you write, as the privacy notice says."
    )
}
