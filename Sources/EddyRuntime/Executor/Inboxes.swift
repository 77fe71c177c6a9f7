#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The message queues of a job's workers, behind one lock: what each worker has to do,
/// which workers are idle (for quiescence), and whether they should pause reading. Safe
/// to share among threads: every field is read and written holding `lock` (`paused` and
/// `stopping` from outside through `locked`).
final class Inboxes: WorkerMailbox, @unchecked Sendable {
    private let lock = Lock()
    private var queues: [[WorkerMessage]]
    private var queuedRows = 0
    private(set) var idle: Int = 0
    /// Workers that have finished their share and left.
    private var exited = 0
    /// Set by the coordinator: stop reading sources (a checkpoint is being taken).
    var paused = false
    /// Set on the first failure or a stop: every worker leaves.
    var stopping = false
    /// Rows waiting in queues above which readers wait (memory stays bounded).
    let rowLimit: Int

    init(workers: Int, rowLimit: Int = 1 << 18) {
        queues = [[WorkerMessage]](repeating: [], count: workers)
        self.rowLimit = rowLimit
    }

    func locked<T>(_ body: () -> T) -> T { lock.locked(body) }

    func send(_ message: WorkerMessage, to worker: Int) {
        locked {
            if case .batch(_, _, let b) = message { queuedRows += b.count }
            queues[worker].append(message)
            lock.broadcast()
        }
    }

    /// Everything queued for `worker`, emptying its queue.
    func take(_ worker: Int) -> [WorkerMessage] {
        locked {
            let messages = queues[worker]
            guard !messages.isEmpty else { return [] }
            queues[worker].removeAll(keepingCapacity: true)
            for m in messages { if case .batch(_, _, let b) = m { queuedRows -= b.count } }
            lock.broadcast()
            return messages
        }
    }

    /// Whether a reader may read more now.
    var mayRead: Bool { locked { !paused && !stopping && queuedRows < rowLimit } }

    /// Waits until `worker` has messages, or something changed (a pause lifted, queues
    /// drained, a stop), or `timeoutMillis` passed. Counts the worker as idle meanwhile.
    func wait(_ worker: Int, timeoutMillis: Int) {
        lock.lock()
        if queues[worker].isEmpty && !stopping {
            idle += 1
            lock.broadcast()
            lock.wait(millis: timeoutMillis)
            idle -= 1
        }
        lock.unlock()
    }

    /// Waits until every worker is idle with an empty queue (after `paused` was set, this
    /// means quiescent: nothing in flight anywhere).
    func waitUntilQuiescent(workers: Int) {
        lock.lock()
        while !(idle + exited == workers && queues.allSatisfy(\.isEmpty)) && !stopping {
            lock.wait()
        }
        lock.unlock()
    }

    func wakeAll() { locked { lock.broadcast() } }

    func workerExited() {
        locked {
            exited += 1
            lock.broadcast()
        }
    }

    var allExited: Bool { locked { exited == queues.count } }
}
