import Crypto
import Foundation

/// The deployment's master keys, kept in an owner-only file outside the database (`data/secrets.key` by default,
/// the same file on every instance), so a copy of the database alone holds nothing that signs a proof-of-work or
/// opens a sealed e-mail. The first key is current; the one after it is the previous key, still accepted so that
/// `citas secrets rotate` followed by a rolling restart refuses no challenge in flight and loses no queued mail.
public struct DeploymentSecrets: Sendable {
    /// One master key and the short name that sealed data carries to say which key sealed it.
    public struct Key: Sendable {
        public let id: String
        let material: SymmetricKey

        init(id: String, material: SymmetricKey) {
            self.id = id
            self.material = material
        }

        static func random() -> Key {
            let id = (0..<4).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
            return Key(id: id, material: SymmetricKey(size: .bits256))
        }

        /// A key for one purpose, so the proof-of-work signer and the mail seal never share key material.
        public func derived(for purpose: String) -> SymmetricKey {
            HKDF<SHA256>.deriveKey(inputKeyMaterial: material, info: Data("citas \(purpose)".utf8), outputByteCount: 32)
        }
    }

    public let current: Key
    public let previous: Key?

    init(current: Key, previous: Key?) {
        self.current = current
        self.previous = previous
    }

    /// Current first, then the previous key: the order in which signatures and seals are tried.
    public var keys: [Key] { [current] + (previous.map { [$0] } ?? []) }

    /// Keys that live only as long as the process (tests and benchmarks).
    public static func ephemeral() -> DeploymentSecrets {
        DeploymentSecrets(current: .random(), previous: nil)
    }

    /// The keys in `path`, creating the file (0600, its directory 0700) when it does not exist. Instances starting
    /// together on one machine agree: the file appears by an atomic link, and whoever loses the race reads the winner's.
    public static func load(path: String) throws -> DeploymentSecrets {
        let url = URL(fileURLWithPath: path)
        if !FileManager.default.fileExists(atPath: path) {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
            try publish(DeploymentSecrets(current: .random(), previous: nil), at: url, replacing: false)
        }
        return try parse(String(contentsOf: url, encoding: .utf8), path: path)
    }

    /// Makes a new current key and keeps the current one as previous (the one before is dropped). Returns the new keys.
    @discardableResult
    public static func rotate(path: String) throws -> DeploymentSecrets {
        let rotated = DeploymentSecrets(current: .random(), previous: try load(path: path).current)
        try publish(rotated, at: URL(fileURLWithPath: path), replacing: true)
        return rotated
    }

    var fileText: String {
        let lines = keys.map { "\($0.id) \($0.material.withUnsafeBytes { Data($0) }.base64EncodedString())" }
        return """
            # Citas deployment keys: owner-only, the same file on every instance, never in the database or a backup of it.
            # First line: the current key; second: the previous one, still accepted. Rotate with `citas secrets rotate`.

            """ + lines.joined(separator: "\n") + "\n"
    }

    static func parse(_ text: String, path: String) throws -> DeploymentSecrets {
        let keys = try text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { line -> Key in
            let fields = line.split(separator: " ")
            guard fields.count == 2, let data = Data(base64Encoded: String(fields[1])), data.count == 32 else {
                throw SecretsFileError(path: path)
            }
            return Key(id: String(fields[0]), material: SymmetricKey(data: data))
        }
        guard let current = keys.first else { throw SecretsFileError(path: path) }
        return DeploymentSecrets(current: current, previous: keys.dropFirst().first)
    }

    /// Writes a temporary owner-only file and moves it into place: readers see the old file or the new, never half of one.
    private static func publish(_ secrets: DeploymentSecrets, at url: URL, replacing: Bool) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(secrets.fileText.utf8), attributes: [.posixPermissions: 0o600])
        else { throw SecretsFileError(path: temporary.path) }
        defer { try? FileManager.default.removeItem(at: temporary) }
        if replacing {
            guard rename(temporary.path, url.path) == 0 else { throw SecretsFileError(path: url.path) }
        } else if link(temporary.path, url.path) != 0 && errno != EEXIST {
            throw SecretsFileError(path: url.path)
        }
    }
}

/// The secrets file is missing, unreadable or not in the expected form.
public struct SecretsFileError: Error, CustomStringConvertible {
    public let path: String
    public var description: String { "the deployment keys file \(path) cannot be read or written (expected lines of `<id> <base64 32 bytes>`)" }
}
