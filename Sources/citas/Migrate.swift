import ArgumentParser
import CitasServer

/// `citas migrate`: brings the schema up to date. Safe to run from several machines at once.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let applied = try await database.withContext(database.config(), requireSchema: false) { try await Setup.migrate($0) }
        print(applied.isEmpty ? "schema is current" : "applied \(applied.map(String.init).joined(separator: ", "))")
    }
}

/// `citas seed`: inserts the shipped offices and holidays that are missing. Never overwrites edits.
struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Insert the office catalogue and holidays (missing rows only).")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let counts = try await database.withContext(database.config()) { try await Setup.seedCatalogue($0) }
        print("offices added: \(counts.offices), holidays added: \(counts.holidays)")
    }
}
