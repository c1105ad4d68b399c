import CitasDomain
import CitasPassport
import Foundation

/// libFuzzer's entry point: one binary for every parser of untrusted input, the parser chosen by `CITAS_FUZZ_PARSER`
/// (`scripts/fuzz.sh` sets it). Besides "never crash", each harness checks a property where one is cheap: what is
/// accepted once is accepted again in its canonical form, with the same result.
@_cdecl("LLVMFuzzerTestOneInput")
public func citasFuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    FuzzParser.selected.run(bytes)
    return 0
}

/// The parsers under fuzzing.
enum FuzzParser: String, CaseIterable {
    case curp, email, amount, date, csv, plan, form, names, folio, mrz, tlv, jpeg, sod, pki, proof, typed

    static let selected: FuzzParser = {
        guard let name = ProcessInfo.processInfo.environment["CITAS_FUZZ_PARSER"], let parser = FuzzParser(rawValue: name) else {
            fatalError("set CITAS_FUZZ_PARSER to one of \(allCases.map(\.rawValue))")
        }
        return parser
    }()

    static let today = LocalDate(year: 2026, month: 12, day: 2)

    func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        switch self {
        case .curp:
            if let curp = try? Curp(validating: text, today: Self.today) {
                precondition((try? Curp(validating: curp.value, today: Self.today)) == curp, "a valid CURP revalidates to itself")
            }
        case .email:
            if let address = try? EmailAddress(validating: text) {
                let again = try? EmailAddress(validating: address.canonical)
                precondition(again?.canonical == address.canonical && again?.uniquenessKey == address.uniquenessKey, "canonical form is stable")
                _ = address.family
            }
        case .amount:
            if let centavos = Money.centavos(parsing: text) { precondition(centavos >= 0, "amounts are never negative") }
            _ = Money.centavos(pesos: text)
        case .date:
            _ = try? LocalDate(text)
            _ = try? LocalTime(text)
            _ = try? LocalDate.monthRange(text)
        case .csv:
            _ = CSVReader.records(text)
        case .plan:
            let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            _ = try? OpeningPlan(hoursText: lines[0], breaksText: lines.count > 1 ? lines[1] : "", slotMinutes: 20, counters: 3)
        case .form:
            _ = try? FormShape.check(text)
        case .names:
            let fields = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            _ = try? DeclaredIdentity(
                paternalSurname: fields[0],
                maternalSurname: fields.count > 1 ? fields[1] : "",
                givenNames: fields.count > 2 ? fields[2] : "Ana",
                birthDate: LocalDate(year: 1990, month: 1, day: 1),
                sex: .m,
                birthState: "DF",
                today: Self.today
            )
        case .folio:
            _ = try? Folio(validating: text)
        case .mrz:
            let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            _ = try? TD3(line1: lines[0], line2: lines.count > 1 ? lines[1] : "")
            if let mapped = MRZText.fillerMapped(text) { precondition(MRZText.isMRZ(mapped), "a mapped field is in the MRZ alphabet") }
        case .tlv:
            Self.walk((try? TLV.parse(bytes)) ?? [], depth: 0)
            _ = try? AdditionalDetails.fields(bytes)
            _ = ActiveAuthentication.keyAlgorithm(dg15: bytes)
            _ = ActiveAuthentication.announcesECDSA(dg14: bytes)
        case .jpeg:
            if let size = PassportPhoto.frame(bytes) { precondition(size.width >= 0 && size.height >= 0, "sizes are never negative") }
            _ = try? PassportPhoto.check(bytes)
        case .sod:
            _ = PassiveAuthentication.verify(files: ["EF.SOD": bytes, "DG1": Array(bytes.prefix(96))])
        case .pki:
            // CRLs and Master Lists come from other States: read, and checked, without trusting a length.
            if let list = try? RevocationList(der: bytes) { _ = list.entry(serial: [1]) }
            if let list = try? MasterList(der: bytes) { _ = list.verify() }
        case .proof:
            // A comprobante's QR text as a scanner types it: what reads, writes back to the same code and reads again.
            if let reading = AppointmentProof.read(text) {
                let code = reading.proof.code(signature: reading.signature)
                precondition(AppointmentProof.read(code) == reading, "a code reads back the same")
                precondition(code == text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased(), "a code has one spelling")
            }
        case .typed:
            // What clerks type at the counter: a time, a day, a payment line, a search. What reads, reads again from
            // its canonical form to the same value.
            if let time = LocalTime.typed(text) { precondition(LocalTime.typed(time.description) == time, "a typed time is stable") }
            if let day = LocalDate.typed(text) { precondition(LocalDate.typed(day.description) == day, "a typed day is stable") }
            let fields = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            if let payment = try? TypedPayment(
                reference: fields[0],
                amount: fields.count > 1 ? fields[1] : "",
                paidOn: fields.count > 2 ? fields[2] : "",
                bank: fields.count > 3 ? fields[3] : ""
            ) {
                precondition(payment.centavos >= 0 && PaymentReference.isValid(payment.reference), "a typed payment is well formed")
            }
            _ = AgendaQuery(text).matches(folio: "ABC2345678", curp: "GODA500102MDFMZN00", name: "Ana Luisa Gómez Díaz")
        }
    }

    /// Every constructed element's children, as a reader of a data group would go through them.
    static func walk(_ elements: [TLV], depth: Int) {
        guard depth < 16 else { return }
        for element in elements { walk((try? element.children()) ?? [], depth: depth + 1) }
    }
}
