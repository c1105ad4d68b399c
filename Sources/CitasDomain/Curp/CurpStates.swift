/// The names of the CURP's birth-state codes, in the order forms list them (alphabetical by name, abroad last).
public enum CurpStates {
    public static let named: [(code: String, name: String)] = [
        ("AS", "Aguascalientes"), ("BC", "Baja California"), ("BS", "Baja California Sur"), ("CC", "Campeche"),
        ("CS", "Chiapas"), ("CH", "Chihuahua"), ("DF", "Ciudad de México"), ("CL", "Coahuila"), ("CM", "Colima"),
        ("DG", "Durango"), ("MC", "Estado de México"), ("GT", "Guanajuato"), ("GR", "Guerrero"), ("HG", "Hidalgo"),
        ("JC", "Jalisco"), ("MN", "Michoacán"), ("MS", "Morelos"), ("NT", "Nayarit"), ("NL", "Nuevo León"),
        ("OC", "Oaxaca"), ("PL", "Puebla"), ("QT", "Querétaro"), ("QR", "Quintana Roo"), ("SP", "San Luis Potosí"),
        ("SL", "Sinaloa"), ("SR", "Sonora"), ("TC", "Tabasco"), ("TS", "Tamaulipas"), ("TL", "Tlaxcala"),
        ("VZ", "Veracruz"), ("YN", "Yucatán"), ("ZS", "Zacatecas"),
    ]
}
