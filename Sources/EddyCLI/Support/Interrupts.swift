import CReadline

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Signals, for the interactive shell and for running jobs. The handlers only set flags:
/// the line editor checks them while waiting for a key (Ctrl-C clears the line), a running
/// query or job polls them between batches, and the live table re-reads the terminal size
/// after SIGWINCH.
///
/// - At the shell's prompt Ctrl-C never exits: it clears the line or cancels the query.
/// - A stop request (SIGTERM anywhere; SIGINT for `eddy run` and piped input) stops the
///   job at the next batch boundary, so that what it produced is written out (and, with
///   checkpoints, committed) before the process exits with 128 + the signal's number. A
///   second request is not caught: it ends the process at once.
///
/// The flags live behind pointers allocated once: a handler may run in the middle of any
/// access on the main thread, so they are read and written as `volatile sig_atomic_t`
/// through the shim, never as Swift globals (whose dynamic exclusivity checks a handler
/// could trip).
enum Interrupts {
    private static func flag() -> UnsafeMutablePointer<sig_atomic_t> {
        let p = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }
    private nonisolated(unsafe) static let interruptFlag = flag()
    private nonisolated(unsafe) static let resizeFlag = flag()
    /// The number of the signal that asked the process to stop, or 0.
    private nonisolated(unsafe) static let stopFlag = flag()

    /// Installs the shell's handlers: Ctrl-C interrupts, SIGWINCH resizes, SIGTERM stops.
    /// Readline is told not to install its own.
    static func installForShell() {
        touchFlags()
        signal(SIGINT) { _ in Interrupts.raiseInterrupt() }
        signal(SIGWINCH) { _ in Interrupts.raiseResize() }
        signal(SIGTERM) { signo in Interrupts.raiseStop(signo) }
    }

    /// Installs the handlers of a job without a person at a prompt (`eddy run`, piped
    /// statements): SIGINT and SIGTERM both ask it to stop.
    static func installStopRequests() {
        touchFlags()
        signal(SIGINT) { signo in Interrupts.raiseStop(signo) }
        signal(SIGTERM) { signo in Interrupts.raiseStop(signo) }
    }

    /// Touches the lazily initialized globals before a handler can need them, and
    /// unblocks the signals handled here (a parent may have blocked them, and a blocked
    /// SIGTERM would make a job impossible to stop cleanly).
    private static func touchFlags() {
        var handled = sigset_t()
        sigemptyset(&handled)
        for s in [SIGINT, SIGTERM, SIGWINCH] { sigaddset(&handled, s) }
        pthread_sigmask(SIG_UNBLOCK, &handled, nil)
        eddy_store_signal_flag(interruptFlag, 0)
        eddy_store_signal_flag(resizeFlag, 0)
        eddy_store_signal_flag(stopFlag, 0)
    }

    private static func raiseInterrupt() { eddy_store_signal_flag(interruptFlag, 1) }
    private static func raiseResize() { eddy_store_signal_flag(resizeFlag, 1) }
    private static func raiseStop(_ signo: Int32) {
        eddy_store_signal_flag(stopFlag, signo)
        eddy_store_signal_flag(interruptFlag, 1)
        signal(signo, SIG_DFL)  // a second request ends the process at once
    }

    /// Whether Ctrl-C was pressed (or a stop was asked for) since the last `clearInterrupt()`.
    static var interrupted: Bool { eddy_load_signal_flag(interruptFlag) != 0 }

    static func clearInterrupt() { eddy_store_signal_flag(interruptFlag, 0) }

    /// The signal that asked the process to stop, if one did.
    static var stopSignal: Int32? {
        let s = eddy_load_signal_flag(stopFlag)
        return s == 0 ? nil : Int32(s)
    }

    /// `SIGINT` or `SIGTERM`, for messages.
    static func name(of signal: Int32) -> String { signal == SIGTERM ? "SIGTERM" : signal == SIGINT ? "SIGINT" : "signal \(signal)" }

    /// True once after each change of the terminal's size.
    static func takeResize() -> Bool {
        guard eddy_load_signal_flag(resizeFlag) != 0 else { return false }
        eddy_store_signal_flag(resizeFlag, 0)
        return true
    }
}

/// The terminal's size and echo, for the live table and for running queries.
enum TerminalControl {
    /// Rows and columns of the terminal on stdout (24×80 when it does not say).
    static func size() -> (rows: Int, columns: Int) {
        var rows: Int32 = 0
        var cols: Int32 = 0
        if eddy_terminal_size(1, &rows, &cols) != 0 && rows > 0 && cols > 0 {
            return (Int(rows), Int(cols))
        }
        return (24, 80)
    }

    /// Whether the terminal understands cursor movement (not `TERM=dumb`).
    static var supportsCursorMovement: Bool {
        guard let term = getenv("TERM") else { return false }
        let name = String(cString: term)
        return !name.isEmpty && name != "dumb"
    }

    /// Runs `body` with the terminal's echo off, so that keys typed while a query runs do
    /// not scribble over its output; Ctrl-C still raises SIGINT.
    static func withoutEcho<T>(_ body: () throws -> T) rethrows -> T {
        var saved = termios()
        guard tcgetattr(0, &saved) == 0 else { return try body() }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        _ = tcsetattr(0, TCSANOW, &quiet)
        defer {
            var restore = saved
            _ = tcsetattr(0, TCSANOW, &restore)
        }
        return try body()
    }
}
