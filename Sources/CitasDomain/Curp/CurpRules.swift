/// The tables behind CURP validation and derivation (RENAPO's Instructivo Normativo 2021 and Reglas 2021;
/// see ../shared/design/curp-rules.md for sources and known errata).
public enum CurpRules {
    /// The 32 states plus NE (born abroad). Mexico City is still DF; Querétaro is QT.
    public static let states: Set<String> = [
        "AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG", "GT", "GR", "HG", "JC", "MC", "MN", "MS",
        "NT", "NL", "OC", "PL", "QT", "QR", "SP", "SL", "SR", "TC", "TS", "TL", "VZ", "YN", "ZS", "NE",
    ]

    /// Anexo 2 of the 2006 Instructivo: positions 1–4 that RENAPO never issues; position 2 becomes X instead.
    public static let inconvenientWords: Set<String> = [
        "BACA", "BAKA", "BUEI", "BUEY", "CACA", "CACO", "CAGA", "CAGO", "CAKA", "CAKO", "COGE", "COGI", "COJA",
        "COJE", "COJI", "COJO", "COLA", "CULO", "FALO", "FETO", "GETA", "GUEI", "GUEY", "JETA", "JOTO", "KACA",
        "KACO", "KAGA", "KAGO", "KAKA", "KAKO", "KOGE", "KOGI", "KOJA", "KOJE", "KOJI", "KOJO", "KOLA", "KULO",
        "LILO", "LOCA", "LOCO", "LOKA", "LOKO", "MAME", "MAMO", "MEAR", "MEAS", "MEON", "MIAR", "MION", "MOCO",
        "MOKO", "MULA", "MULO", "NACA", "NACO", "PEDA", "PEDO", "PENE", "PIPI", "PITO", "POPO", "PUTA", "PUTO",
        "QULO", "RATA", "ROBA", "ROBE", "ROBO", "RUIN", "SENO", "TETA", "VACA", "VAGA", "VAGO", "VAKA", "VUEI",
        "VUEY", "WUEI", "WUEY",
    ]

    /// Rule 1.7: leading words skipped in a compound surname or given name.
    static let particles: Set<String> = [
        "DA", "DAS", "DE", "DEL", "DER", "DI", "DIE", "DD", "EL", "LA", "LOS", "LAS", "LE", "LES", "MAC", "MC", "VAN",
        "VON", "Y",
    ]

    /// Rules 1.3/1.16: a first given name skipped when more words follow (M. and M added in 2021).
    static let commonFirstNames: Set<String> = ["MARIA", "MA.", "MA", "M.", "M", "JOSE", "J.", "J"]

    static let vowels: Set<Character> = ["A", "E", "I", "O", "U"]

    /// Consonants allowed in positions 14–16: A–Z without vowels (X stands for "none"); never Ñ.
    static let consonants: Set<Character> = Set("BCDFGHJKLMNPQRSTVWXYZ")
}
