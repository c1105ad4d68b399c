import Logging
import SQLKit
import Synchronization

/// SQLite's one writer connection, committing several waiting transactions together (group commit).
///
/// With `synchronous = FULL` every COMMIT waits for the disk (an fsync of the WAL), and the one writer holds its lock
/// meanwhile, so transactions that commit one by one are bound by the disk, not by their work. Here, callers that
/// arrive while a batch runs queue; the next batch runs them all in one `BEGIN IMMEDIATE … COMMIT`, each under its
/// own savepoint, so a transaction that throws undoes only itself and the others commit. A caller hears of its
/// transaction only after the COMMIT that made it durable; if that COMMIT fails, every transaction of the batch fails
/// and nothing of it stays. Batches run in arrival order, one at a time.
final class SQLiteGroupWriter: Sendable {
    /// One queued transaction: `run` does its work in the open transaction; `fail` answers its caller when the batch
    /// could not even begin.
    private struct Job: Sendable {
        let run: @Sendable (_ sql: any SQLDatabase, _ alone: Bool) async -> Ran
        let fail: @Sendable (any Error) -> Void
    }

    /// A job's work done: what it threw, if anything, and how to answer its caller once the batch's COMMIT is known
    /// (nil: committed).
    private struct Ran: Sendable {
        let error: (any Error)?
        let answer: @Sendable (_ commitError: (any Error)?) -> Void

        /// Its savepoint could not be undone: the whole batch must go.
        var poisoned: Bool { error is BatchUndoFailed }
    }

    private struct State {
        var queue: [Job] = []
        var running = false
    }

    private let connection: SQLiteWriterConnection
    /// Transactions committed together at most; 1 commits each on its own.
    let maximumBatch: Int
    private let logger: Logger
    private let state = Mutex(State())

    init(connection: SQLiteWriterConnection, maximumBatch: Int, logger: Logger) {
        self.connection = connection
        self.maximumBatch = max(maximumBatch, 1)
        self.logger = logger
    }

    /// Closes the connection. The database's owner closes it when it writes no more.
    func close() {
        connection.close()
    }

    func write<T: Sendable>(_ body: @Sendable @escaping (any SQLDatabase) async throws -> T) async throws -> T {
        // The batch runs in the writer's own task, which does not inherit the caller's task-locals: the one the
        // stores read (who asked, for the audit rows) travels with the job.
        let origin = AuditLog.origin
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                run: { sql, alone in
                    let outcome = await AuditLog.$origin.withValue(origin) { await Self.run(body, alone: alone, in: sql) }
                    let error: (any Error)? = if case .failure(let error) = outcome { error } else { nil }
                    return Ran(error: error) { commitError in
                        // A job that threw changed nothing whatever the batch did: its own error is the answer.
                        if let commitError, error == nil { continuation.resume(throwing: commitError) } else { continuation.resume(with: outcome) }
                    }
                },
                fail: { continuation.resume(throwing: $0) }
            )
            let lead = state.withLock { state in
                state.queue.append(job)
                defer { state.running = true }
                return !state.running
            }
            if lead { Task { await self.drain() } }
        }
    }

    /// Runs `body` under a savepoint, unless it is alone in its batch (the transaction itself then undoes it).
    private static func run<T>(
        _ body: @Sendable (any SQLDatabase) async throws -> T,
        alone: Bool,
        in sql: any SQLDatabase
    ) async -> Result<T, any Error> {
        if alone {
            do {
                return .success(try await body(sql))
            } catch {
                return .failure(error)
            }
        }
        do {
            return try await sql.underSavepoint("job", body)
        } catch {
            return .failure(BatchUndoFailed(cause: error))
        }
    }

    /// Runs batches, in arrival order, until the queue is empty.
    private func drain() async {
        let sql = SQLiteWriterDatabase(connection: connection, logger: logger)
        while true {
            let batch = state.withLock { state -> [Job] in
                let batch = Array(state.queue.prefix(maximumBatch))
                state.queue.removeFirst(batch.count)
                if batch.isEmpty { state.running = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                try await connection.runBlocking("BEGIN IMMEDIATE")
            } catch {
                for job in batch { job.fail(error) }
                continue
            }
            let alone = batch.count == 1
            var ran: [Ran] = []
            for job in batch { ran.append(await job.run(sql, alone)) }
            var commitError: (any Error)?
            if alone && ran[0].error != nil {
                try? await sql.execute("ROLLBACK")
            } else if let poisoned = ran.first(where: \.poisoned) {
                try? await sql.execute("ROLLBACK")
                commitError = poisoned.error
            } else {
                do {
                    try await connection.runBlocking("COMMIT")
                } catch {
                    try? await sql.execute("ROLLBACK")
                    commitError = error
                }
            }
            for done in ran { done.answer(commitError) }
        }
    }
}

/// A savepoint that could not be rolled back: the batch's transaction is in an unknown state and is rolled back whole.
struct BatchUndoFailed: Error {
    let cause: any Error
}
