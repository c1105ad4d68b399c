import Foundation

/// How people in Mexico name an office's time: "hora del centro", "hora del Pacífico"… rather than an IANA
/// identifier. Mexico's zones follow the 2022 law (no daylight saving time except along the northern border);
/// offices abroad are named by their city ("hora de Madrid").
public enum ZoneNames {
    /// The zone of `identifier` in words, for an office in `city`.
    public static func human(_ identifier: String, city: String, language: Language) -> String {
        if let mexican = mexican[identifier] { return language == .es ? mexican.es : mexican.en }
        let place = city.isEmpty ? identifier.split(separator: "/").last.map { $0.replacingOccurrences(of: "_", with: " ") } ?? identifier : city
        return language == .es ? "hora de \(place)" : "\(place) time"
    }

    private static let mexican: [String: (es: String, en: String)] = [
        "America/Mexico_City": ("hora del centro", "Central Mexico time"),
        "America/Monterrey": ("hora del centro", "Central Mexico time"),
        "America/Merida": ("hora del centro", "Central Mexico time"),
        "America/Chihuahua": ("hora del centro", "Central Mexico time"),
        "America/Bahia_Banderas": ("hora del centro", "Central Mexico time"),
        "America/Cancun": ("hora del sureste", "Southeast Mexico time"),
        "America/Mazatlan": ("hora del Pacífico", "Mexican Pacific time"),
        "America/Hermosillo": ("hora del Pacífico", "Mexican Pacific time"),
        "America/Tijuana": ("hora del noroeste", "Northwest Mexico time"),
        "America/Ciudad_Juarez": ("hora de la frontera norte (Ciudad Juárez)", "Northern border time (Ciudad Juárez)"),
        "America/Matamoros": ("hora de la frontera norte (Matamoros)", "Northern border time (Matamoros)"),
    ]
}
