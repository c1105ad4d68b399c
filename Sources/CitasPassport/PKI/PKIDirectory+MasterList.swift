import Foundation
import X509

/// Master Lists in a PKI directory: this country's list for other States, and the CSCAs of imported lists
/// (`imported-cscas.pem`) that let this deployment verify foreign passports.
extension PKIDirectory {
    /// This country's Master List: every CSCA still valid at `now` and every link certificate between them, signed
    /// under the current CSCA.
    public func masterList(now: Date = Date()) throws -> MasterList {
        let valid = { (certificate: Certificate) in certificate.notValidBefore <= now && now <= certificate.notValidAfter }
        return try MasterList.make(
            certificates: try cscas().filter(valid) + (try links()).filter(valid),
            csca: try signer(Self.cscaName(try currentGeneration())),
            now: now
        )
    }

    /// Adds the CSCAs of a Master List whose checks all pass (with `anchors`, the signer must chain to one of them);
    /// returns how many are new. Refuses a list that does not verify.
    @discardableResult
    public func importMasterList(_ list: MasterList, anchors: [Certificate] = [], now: Date = Date()) throws -> Int {
        let failed = list.verify(anchors: anchors, at: now).filter { $0.outcome != .passed }
        guard failed.isEmpty else { throw PKIError.masterListRejected(failed.map(\.name).joined(separator: ", ")) }
        let known = try importedCSCAs()
        let new = list.cscas.filter { !known.contains($0) }
        let text = try (known + new).map { try Self.pem($0) }.joined()
        try text.write(to: file("imported-cscas.pem"), atomically: true, encoding: .utf8)
        return new.count
    }

    /// The CSCAs of other States imported from Master Lists.
    public func importedCSCAs() throws -> [Certificate] {
        FileManager.default.fileExists(atPath: file("imported-cscas.pem").path) ? try Self.certificates(at: file("imported-cscas.pem")) : []
    }
}
