#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One piece of work on a thread of its own: a sink's commit, done while the job goes on.
/// `wait()` joins the thread and rethrows what the work threw.
final class BackgroundTask {
    /// What the thread reads and writes; the thread's start and `pthread_join` order the
    /// accesses, so no lock is needed.
    private final class Context: @unchecked Sendable {
        let work: () throws -> Void
        var failure: Error?
        init(_ work: @escaping () throws -> Void) { self.work = work }
    }

    private let context: Context
    private var thread: pthread_t?

    /// Starts `work` on a new thread, or runs it here if no thread can be had.
    init(_ work: @escaping () throws -> Void) {
        context = Context(work)
        let box = Unmanaged.passRetained(context)
        var t = pthread_t()
        let rc = pthread_create(&t, nil, { raw in
            guard let raw else { return nil }
            let c = Unmanaged<Context>.fromOpaque(raw).takeRetainedValue()
            do { try c.work() } catch { c.failure = error }
            return nil
        }, box.toOpaque())
        if rc == 0 {
            thread = t
        } else {
            box.release()
            do { try work() } catch { context.failure = error }
        }
    }

    /// Waits for the work to end; throws its error, if any (once).
    func wait() throws {
        if let t = thread {
            pthread_join(t, nil)
            thread = nil
        }
        if let failure = context.failure {
            context.failure = nil
            throw failure
        }
    }

    deinit {
        if let t = thread { pthread_join(t, nil) }
    }
}
