import Foundation
import X509

/// Revocation in a PKI directory: `revocations.tsv` records each revoked DS (number, serial, CSCA generation, date,
/// reason) and `csca.crl`, `csca-2.crl`… are each CSCA generation's current CRL (DER).
extension PKIDirectory {
    /// One revoked Document Signer, as `revocations.tsv` keeps it.
    public struct Revocation: Sendable, Hashable {
        public let number: Int
        public let generation: Int
        public let entry: RevocationList.Entry
    }

    /// Revokes DS `number` and at once writes its CSCA's new CRL (Part 12: immediately on a DS revocation). When it
    /// was the DS signing new passports, the next DS is issued so issuance goes on; returns that number, if any.
    @discardableResult
    public func revokeDocumentSigner(_ number: Int, reason: RevocationList.Reason, now: Date = Date()) throws -> Int? {
        guard try dsNumbers().contains(number) else { throw PKIError.missing(file("ds-\(number).pem").path) }
        guard try !revocations().contains(where: { $0.number == number }) else { throw PKIError.alreadyRevoked(number) }
        let certificate = try Self.certificate(at: file("ds-\(number).pem"))
        let generation = try generation(issuing: certificate)
        let serial = Array(certificate.serialNumber.bytes)
        let line = "\(number)\t\(serial.hex)\t\(generation)\t\(ISO8601DateFormatter().string(from: now))\t\(reason.name)\n"
        let path = file("revocations.tsv").path
        let header = Data("number\tserial\tcsca\trevoked_at\treason\n".utf8)
        guard FileManager.default.fileExists(atPath: path) || FileManager.default.createFile(atPath: path, contents: header) else {
            throw PKIError.missing(path)
        }
        let handle = try FileHandle(forWritingTo: file("revocations.tsv"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
        try handle.close()
        try writeCRL(generation: generation, now: now)
        return try dsNumbers().max() == number ? try newDocumentSigner(now: now) : nil
    }

    /// Every revoked DS, in the order revoked.
    public func revocations() throws -> [Revocation] {
        guard let text = try? String(contentsOf: file("revocations.tsv"), encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 5, let number = Int(fields[0]), let generation = Int(fields[2]), let serial = [UInt8](hex: fields[1]),
                let date = ISO8601DateFormatter().date(from: fields[3])
            else { throw PKIError.corrupt("revocations.tsv: \(line)") }
            let reason = RevocationList.Reason.allCases.first { $0.name == fields[4] }
            return Revocation(number: number, generation: generation, entry: RevocationList.Entry(serial: serial, date: date, reason: reason))
        }
    }

    /// Writes a fresh CRL for every CSCA generation whose certificate is still valid (old generations keep issuing
    /// CRLs about their DSs until then); returns the files written. Run at least every 90 days.
    @discardableResult
    public func writeCRLs(now: Date = Date()) throws -> [URL] {
        var written: [URL] = []
        for generation in 1...(try currentGeneration()) {
            let csca = try Self.certificate(at: file("\(Self.cscaName(generation)).pem"))
            guard now <= csca.notValidAfter else { continue }
            written.append(try writeCRL(generation: generation, now: now))
        }
        return written
    }

    /// The current CRL of every CSCA generation that has one.
    public func crls() throws -> [RevocationList] {
        try (1...(try currentGeneration())).compactMap { generation in
            guard let data = try? Data(contentsOf: file("\(Self.cscaName(generation)).crl")) else { return nil }
            return try RevocationList(der: Array(data))
        }
    }

    @discardableResult
    func writeCRL(generation: Int, now: Date) throws -> URL {
        let url = file("\(Self.cscaName(generation)).crl")
        // cRLNumber only grows: one more than the CRL it replaces.
        let previous = (try? Data(contentsOf: url)).flatMap { try? RevocationList(der: Array($0)) }?.number ?? 0
        let entries = try revocations().filter { $0.generation == generation }.map(\.entry)
        let list = try RevocationList.make(csca: try signer(Self.cscaName(generation)), entries: entries, number: previous + 1, now: now)
        try Data(list.der).write(to: url, options: .atomic)
        return url
    }

    /// The CSCA generation whose key signed `certificate`.
    func generation(issuing certificate: Certificate) throws -> Int {
        let cscas = try cscas()
        guard let index = cscas.firstIndex(where: { $0.publicKey.isValidSignature(certificate.signature, for: certificate) }) else {
            throw PKIError.corrupt("no CSCA in this directory signed \(certificate.subject)")
        }
        return index + 1
    }

    func isRevoked(_ certificate: Certificate) throws -> Bool {
        let serial = Array(certificate.serialNumber.bytes.drop { $0 == 0 })
        return try revocations().contains { $0.entry.serial == serial }
    }
}

extension [UInt8] {
    var hex: String { map { String(format: "%02X", $0) }.joined() }

    init?(hex: String) {
        guard hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self = bytes
    }
}
