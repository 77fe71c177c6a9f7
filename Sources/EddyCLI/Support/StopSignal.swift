#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ctrl-C as a request to stop at the next batch boundary (for a savepoint on exit),
/// instead of killing the process.
enum StopSignal {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    static func stopOnSigint() {
        signal(SIGINT) { _ in StopSignal.flag = 1 }
    }

    static var stopRequested: Bool { flag != 0 }
}
