import SQLKit

/// One forward-only schema step. Versions are never reused or edited once released; fix with a new one.
struct Migration: Sendable {
    let version: Int
    let name: String
    /// The statements for an engine, run in order inside the migration transaction.
    let statements: @Sendable (DatabaseEngine) -> [String]
    /// What SQL alone cannot do on both engines (hashing), run after the statements in the same transaction.
    var code: (@Sendable (any SQLDatabase) async throws -> Void)?

    init(
        version: Int,
        name: String,
        code: (@Sendable (any SQLDatabase) async throws -> Void)? = nil,
        statements: @escaping @Sendable (DatabaseEngine) -> [String]
    ) {
        self.version = version
        self.name = name
        self.code = code
        self.statements = statements
    }
}

/// Every migration Citas knows, in version order.
enum Migrations {
    static let all: [Migration] = [
        Schema001.migration, Schema002.migration, Schema003.migration, Schema004.migration, Schema005.migration, Schema006.migration,
        Schema007.migration, Schema008.migration, Schema009.migration, Schema010.migration, Schema011.migration,
        Schema012.migration,
        Schema013.migration,
        Schema014.migration,
        Schema015.migration,
        Schema016.migration,
        Schema017.migration,
        Schema018.migration,
        Schema019.migration,
        Schema020.migration,
        Schema021.migration,
        Schema022.migration,
        Schema023.migration,
        Schema024.migration,
        Schema025.migration,
    ]
}

/// Column types that are spelled differently by the two engines.
extension DatabaseEngine {
    /// An auto-numbered primary key.
    var identityKey: String {
        switch self {
        case .sqlite: "INTEGER PRIMARY KEY AUTOINCREMENT"
        case .postgres: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        }
    }

    /// A trigger body that refuses UPDATE and DELETE on `table`, for append-only logs.
    func appendOnly(_ table: String) -> [String] {
        switch self {
        case .sqlite:
            return ["UPDATE", "DELETE"].map { verb in
                """
                CREATE TRIGGER \(table)_no_\(verb.lowercased()) BEFORE \(verb) ON \(table)
                BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END
                """
            }
        case .postgres:
            return [
                """
                CREATE FUNCTION \(table)_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION '\(table) is append-only'; END $$
                """,
                """
                CREATE TRIGGER \(table)_append_only BEFORE UPDATE OR DELETE ON \(table)
                FOR EACH STATEMENT EXECUTE FUNCTION \(table)_append_only()
                """,
            ]
        }
    }
}
