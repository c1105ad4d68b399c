import Foundation

/// A passport's machine-readable zone (TD3: two lines of 44 characters), built from the data page's fields or
/// parsed back with every check digit verified.
public struct TD3: Sendable, Hashable {
    /// `PP` for an ordinary passport (Part 4 §4.4; `P<` still legal until 2028).
    public var documentCode: String
    public var issuingState: String
    /// The name field, 39 characters, already transliterated and possibly truncated.
    public var name: String
    public var documentNumber: String
    public var nationality: String
    /// `YYMMDD`; unknown parts as `<`.
    public var birthDate: String
    /// `F`, `M` or `<` (unspecified: the data page prints X).
    public var sex: Character
    public var expiryDate: String
    /// Up to 14 characters of the issuer's choice.
    public var optionalData: String

    /// A zone from printed fields: names with accents as printed (`Núñez`, `María José`), dates `YYMMDD`.
    public init(
        documentCode: String,
        issuingState: String,
        surname: String,
        givenNames: String,
        documentNumber: String,
        nationality: String,
        birthDate: String,
        sex: String,
        expiryDate: String,
        optionalData: String = ""
    ) throws(MRZError) {
        self.documentCode = try Self.field(documentCode, width: 2, "doc_code")
        self.issuingState = try Self.field(issuingState, width: 3, "issuing_state")
        name = MRZName.field(primary: MRZText.components(surname), secondary: MRZText.components(givenNames))
        self.documentNumber = try Self.mapped(documentNumber, width: 9, "document_number")
        self.nationality = try Self.field(nationality, width: 3, "nationality")
        self.birthDate = try Self.date(birthDate, "birth_date")
        self.sex = try Self.sex(sex)
        self.expiryDate = try Self.date(expiryDate, "expiry_date")
        self.optionalData = try Self.mapped(optionalData, width: 14, "optional_data")
    }

    /// The two printed lines.
    public var lines: (String, String) {
        let line1 = documentCode + issuingState + name
        let number = documentNumber + String(MRZText.checkDigit(documentNumber)!)
        let birth = birthDate + String(MRZText.checkDigit(birthDate)!)
        let expiry = expiryDate + String(MRZText.checkDigit(expiryDate)!)
        // Part 4: an empty optional-data field may carry 0 or < as its check digit; Citas writes 0.
        let optional = optionalData + String(MRZText.checkDigit(optionalData)!)
        let composite = MRZText.checkDigit(number + birth + expiry + optional)!
        return (line1, number + nationality + birth + String(sex) + expiry + optional + String(composite))
    }

    /// The 88 characters DG1 stores: both lines, no separator.
    public var text: String { lines.0 + lines.1 }

    static func field(_ value: String, width: Int, _ name: String) throws(MRZError) -> String {
        let upper = value.uppercased().replacingOccurrences(of: " ", with: "<").replacingOccurrences(of: "-", with: "<")
        guard upper.count <= width, MRZText.isMRZ(upper) else { throw MRZError.invalidField(name) }
        return MRZText.padded(upper, width)
    }

    /// A free-text field (document number, optional data): punctuation and spaces become the filler; refused only
    /// when a character cannot be written in the MRZ or the result does not fit.
    static func mapped(_ value: String, width: Int, _ name: String) throws(MRZError) -> String {
        guard let mapped = MRZText.fillerMapped(value), mapped.count <= width else { throw MRZError.invalidField(name) }
        return MRZText.padded(mapped, width)
    }

    static func date(_ value: String, _ name: String) throws(MRZError) -> String {
        guard value.count == 6, value.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "<") }) else { throw MRZError.invalidField(name) }
        if value.allSatisfy(\.isNumber) {
            let year = Int(value.prefix(2))!
            let month = Int(value.dropFirst(2).prefix(2))!
            let day = Int(value.suffix(2))!
            // The century is unknown: a two-digit year divisible by 4 may be a leap year (2000 was).
            let days = [31, year % 4 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            guard (1...12).contains(month), (1...days[month - 1]).contains(day) else { throw MRZError.invalidField(name) }
        }
        return value
    }

    /// `F`, `M`; `X` or `<` for unspecified (the CURP's H and M map to M and F before this).
    static func sex(_ value: String) throws(MRZError) -> Character {
        switch value.uppercased() {
        case "F": "F"
        case "M": "M"
        case "X", "<", "": "<"
        default: throw MRZError.invalidField("sex")
        }
    }
}

/// Why a zone was refused.
public enum MRZError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidField(String)
    case wrongLength
    case invalidCharacter
    case checkDigit(String)

    public var description: String {
        switch self {
        case .invalidField(let field): "invalid \(field)"
        case .wrongLength: "a TD3 zone is two lines of 44 characters"
        case .invalidCharacter: "only A-Z, 0-9 and < may appear"
        case .checkDigit(let field): "check digit of \(field) does not match"
        }
    }
}
