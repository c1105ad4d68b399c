import CitasDomain
import CitasPassport
import CitasPersistence
import Foundation
import Logging

/// First-run work shared by `serve`, `migrate`, `seed` and the tests: schema, catalogue, slots.
public enum Setup {
    /// Applies pending migrations; returns the versions applied.
    @discardableResult
    public static func migrate(_ context: AppContext) async throws -> [Int] {
        try await Migrator(database: context.database).migrate(now: Int(context.clock.now().timeIntervalSince1970))
    }

    /// Inserts the shipped offices, holidays and published fees that are missing; returns (offices, holidays) inserted.
    @discardableResult
    public static func seedCatalogue(_ context: AppContext) async throws -> (offices: Int, holidays: Int) {
        let offices = try await context.offices.seed(OfficeCatalogue.offices())
        let holidays = try await context.calendar.seed(OfficeCatalogue.holidays())
        try await context.fees.seed(FeeSchedule.shipped)
        return (offices, holidays)
    }

    /// Creates missing slots for every office (or one) for `days` days from each office's local today
    /// (or from `from`); with `throughNextOpenDay`, on through the next day each office opens when the last one is
    /// closed (`SlotStore.generateHorizon`). Returns how many were created.
    @discardableResult
    public static func generateSlots(
        _ context: AppContext,
        from: LocalDate? = nil,
        days: Int,
        officeCode: String? = nil,
        throughNextOpenDay: Bool = false
    ) async throws
        -> Int
    {
        let offices: [Office]
        if let officeCode {
            offices = [try await context.offices.require(officeCode)]
        } else {
            offices = try await context.offices.all()
        }
        var created = 0
        for office in offices {
            let start = from ?? LocalDate(context.clock.now(), in: office.zone)
            created +=
                throughNextOpenDay
                ? try await context.slots.generateHorizon(for: office, from: start, days: days)
                : try await context.slots.generate(for: office, from: start, days: days)
        }
        return created
    }

    /// The PKI directory, created with a P-256 CSCA and DS on first use (development and first start); production
    /// runs `citas pki init` on the signing host instead and points every instance at the same files.
    public static func pki(at path: String, logger: Logger) throws -> PKIDirectory {
        let pki = PKIDirectory(path)
        if !FileManager.default.fileExists(atPath: pki.url.appendingPathComponent("csca.pem").path) {
            try pki.initialise(curve: .p256)
            logger.notice("created an e-passport PKI (CSCA and DS 1)", metadata: ["directory": "\(path)"])
        }
        // A DS key signs for three months: a long-lived development PKI gets its next DS at start instead of
        // refusing every issuance (the signing host's operator runs `citas pki new-ds` in production).
        do {
            _ = try pki.currentSigner()
        } catch let error as PKIError {
            switch error {
            case .keyUsageEnded, .revoked:
                let number = try pki.newDocumentSigner()
                logger.notice("the current DS may no longer sign (\(error)): issued DS \(number)", metadata: ["directory": "\(path)"])
            default: throw error
            }
        }
        // Part 12 asks for a CRL at least every 90 days; one older than 30 is renewed at start.
        let crls = try pki.crls()
        if crls.isEmpty || crls.contains(where: { $0.thisUpdate < Date().addingTimeInterval(-30 * 86_400) }) {
            for file in try pki.writeCRLs() { logger.notice("wrote a fresh CRL", metadata: ["file": "\(file.path)"]) }
        }
        return pki
    }
}
