import CReadline

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SIGINT and SIGWINCH for the interactive shell. The handlers only set a flag: the line
/// editor checks it while waiting for a key (Ctrl-C clears the line), a running query polls
/// it between batches (Ctrl-C cancels the query), and the live table re-reads the terminal
/// size after SIGWINCH. Nothing ever exits on Ctrl-C.
///
/// The flags live behind pointers allocated once: a handler may run in the middle of any
/// access on the main thread, so they are read and written as `volatile sig_atomic_t`
/// through the shim, never as Swift globals (whose dynamic exclusivity checks a handler
/// could trip).
enum Interrupts {
    private nonisolated(unsafe) static let interruptFlag: UnsafeMutablePointer<sig_atomic_t> = {
        let p = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()
    private nonisolated(unsafe) static let resizeFlag: UnsafeMutablePointer<sig_atomic_t> = {
        let p = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()
    private nonisolated(unsafe) static var installed = false

    /// Installs the handlers (once). Readline is told not to install its own.
    static func install() {
        guard !installed else { return }
        installed = true
        // Touch the lazily initialized globals before a handler can need them.
        eddy_store_signal_flag(interruptFlag, 0)
        eddy_store_signal_flag(resizeFlag, 0)
        signal(SIGINT) { _ in Interrupts.raiseInterrupt() }
        signal(SIGWINCH) { _ in Interrupts.raiseResize() }
    }

    private static func raiseInterrupt() { eddy_store_signal_flag(interruptFlag, 1) }
    private static func raiseResize() { eddy_store_signal_flag(resizeFlag, 1) }

    /// Whether Ctrl-C was pressed since the last `clearInterrupt()`.
    static var interrupted: Bool { eddy_load_signal_flag(interruptFlag) != 0 }

    static func clearInterrupt() { eddy_store_signal_flag(interruptFlag, 0) }

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
