#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One sink written by several workers. Safe to share among threads: every call to
/// `inner` holds `lock`.
class LockedSink: SinkWriter, @unchecked Sendable {
    let inner: SinkWriter
    private let lock = Lock()

    init(_ inner: SinkWriter) { self.inner = inner }

    func locked<T>(_ body: () throws -> T) rethrows -> T { try lock.locked(body) }

    func write(_ batch: Batch) throws { try locked { try inner.write(batch) } }
    func flush() throws { try locked { try inner.flush() } }

    /// The same, keeping a transactional sink's two-phase commit visible.
    static func wrap(_ sink: SinkWriter) -> SinkWriter {
        if let t = sink as? TransactionalSink { return LockedTransactionalSink(t) }
        return LockedSink(sink)
    }
}

final class LockedTransactionalSink: LockedSink, TransactionalSink, @unchecked Sendable {
    private let transactional: TransactionalSink

    init(_ inner: TransactionalSink) {
        transactional = inner
        super.init(inner)
    }

    var name: String { transactional.name }
    func preCommit() throws -> SinkCommit { try locked { try transactional.preCommit() } }
    func commit(_ c: SinkCommit) throws { try locked { try transactional.commit(c) } }
    func recover(_ c: SinkCommit) throws { try locked { try transactional.recover(c) } }
    func finish() throws { try locked { try transactional.finish() } }
}
