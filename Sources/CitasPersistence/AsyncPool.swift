import Synchronization

/// A fixed set of resources handed out first-come, first-served; waiters queue in FIFO order.
///
/// With one resource this is the SQLite writer lane: write transactions run one at a time, in arrival order,
/// so none starves and none meets `SQLITE_BUSY` from a sibling in the same process.
final class AsyncPool<Resource: Sendable>: Sendable {
    private struct State {
        var idle: [Resource]
        var waiters: [CheckedContinuation<Resource, Never>] = []
    }

    private let state: Mutex<State>
    let all: [Resource]

    init(_ resources: [Resource]) {
        precondition(!resources.isEmpty, "a pool needs at least one resource")
        all = resources
        state = Mutex(State(idle: resources))
    }

    func withResource<T: Sendable>(_ body: (Resource) async throws -> T) async throws -> T {
        let resource = await acquire()
        defer { release(resource) }
        return try await body(resource)
    }

    private func acquire() async -> Resource {
        await withCheckedContinuation { continuation in
            let ready: Resource? = state.withLock { state in
                if let resource = state.idle.popLast() { return resource }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func release(_ resource: Resource) {
        let next = state.withLock { state -> CheckedContinuation<Resource, Never>? in
            if state.waiters.isEmpty {
                state.idle.append(resource)
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume(returning: resource)
    }
}
