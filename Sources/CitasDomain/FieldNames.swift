import Foundation

/// How a person calls the field an error is about. Error details are identifiers (`amount`, `paternal_surname`)
/// meant for programs; a message shows the field's name in the reader's language, or nothing when it has none.
public enum FieldNames {
    /// The field `identifier` names, in words, or nil when it is not a field a person fills in.
    public static func spoken(_ identifier: String, in language: Language) -> String? {
        let key = identifier.replacingOccurrences(of: "_", with: "").lowercased()
        guard let pair = names[key] else { return nil }
        return language == .es ? pair.es : pair.en
    }

    private static let names: [String: (es: String, en: String)] = [
        "office": ("oficina", "office"), "date": ("fecha", "date"), "time": ("hora", "time"), "amount": ("importe", "amount"),
        "reference": ("referencia de pago", "payment reference"), "email": ("correo", "e-mail"), "password": ("contraseña", "password"),
        "curp": ("CURP", "CURP"), "paternalsurname": ("primer apellido", "first surname"),
        "maternalsurname": ("segundo apellido", "second surname"), "givennames": ("nombre(s)", "given names"),
        "birthdate": ("fecha de nacimiento", "date of birth"), "sex": ("sexo", "sex"), "birthstate": ("entidad de nacimiento", "state of birth"),
        "phone": ("teléfono", "phone"), "timeofday": ("horario preferido", "preferred time of day"), "from": ("desde", "from"),
        "through": ("hasta", "through"), "validity": ("vigencia", "validity"), "procedure": ("trámite", "procedure"),
        "discount": ("descuento", "discount"), "reason": ("motivo", "reason"), "weekday": ("día de la semana", "weekday"),
        "document": ("documento", "document"), "capacity": ("lugares", "seats"), "name": ("nombre", "name"),
        "address": ("dirección", "address"), "folio": ("folio", "folio"), "description": ("qué ocurrió", "what happened"),
        "subject": ("a quién señala", "whom it names"), "location": ("dónde", "where"), "contact": ("su correo", "your e-mail"),
        "member": ("para quién", "who for"), "paidon": ("fecha de pago", "payment date"), "bank": ("banco", "bank"),
    ]
}
