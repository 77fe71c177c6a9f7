#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The message queues of a job's workers, behind one lock: what each worker has to do,
/// which workers are idle (for quiescence), and whether they should pause reading.
final class Inboxes: WorkerMailbox, @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var changed = pthread_cond_t()
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
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&changed, nil)
    }

    deinit {
        pthread_cond_destroy(&changed)
        pthread_mutex_destroy(&mutex)
    }

    func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }

    func send(_ message: WorkerMessage, to worker: Int) {
        locked {
            if case .batch(_, _, let b) = message { queuedRows += b.count }
            queues[worker].append(message)
            pthread_cond_broadcast(&changed)
        }
    }

    /// Everything queued for `worker`, emptying its queue.
    func take(_ worker: Int) -> [WorkerMessage] {
        locked {
            let messages = queues[worker]
            guard !messages.isEmpty else { return [] }
            queues[worker].removeAll(keepingCapacity: true)
            for m in messages { if case .batch(_, _, let b) = m { queuedRows -= b.count } }
            pthread_cond_broadcast(&changed)
            return messages
        }
    }

    /// Whether a reader may read more now.
    var mayRead: Bool { locked { !paused && !stopping && queuedRows < rowLimit } }

    /// Waits until `worker` has messages, or something changed (a pause lifted, queues
    /// drained, a stop), or `timeoutMillis` passed. Counts the worker as idle meanwhile.
    func wait(_ worker: Int, timeoutMillis: Int) {
        pthread_mutex_lock(&mutex)
        if queues[worker].isEmpty && !stopping {
            idle += 1
            pthread_cond_broadcast(&changed)
            var deadline = timespec()
            clock_gettime(CLOCK_REALTIME, &deadline)
            let nanos = Int(deadline.tv_nsec) + timeoutMillis * 1_000_000
            deadline.tv_sec += nanos / 1_000_000_000
            deadline.tv_nsec = nanos % 1_000_000_000
            pthread_cond_timedwait(&changed, &mutex, &deadline)
            idle -= 1
        }
        pthread_mutex_unlock(&mutex)
    }

    /// Waits until every worker is idle with an empty queue (after `paused` was set, this
    /// means quiescent: nothing in flight anywhere).
    func waitUntilQuiescent(workers: Int) {
        pthread_mutex_lock(&mutex)
        while !(idle + exited == workers && queues.allSatisfy(\.isEmpty)) && !stopping {
            pthread_cond_wait(&changed, &mutex)
        }
        pthread_mutex_unlock(&mutex)
    }

    func wakeAll() { locked { pthread_cond_broadcast(&changed) } }

    func workerExited() {
        locked {
            exited += 1
            pthread_cond_broadcast(&changed)
        }
    }

    var allExited: Bool { locked { exited == queues.count } }
}
