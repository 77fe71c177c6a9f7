import CReadline

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What reading one line of input gave.
enum LineInput: Equatable {
    case line(String)
    /// Ctrl-C at the prompt: the line (and any unfinished statement) is dropped.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
}

/// A source of input lines: readline on a terminal, plain reads otherwise.
protocol LineReading {
    mutating func readLine(prompt: String) -> LineInput
}

/// Lines from a file descriptor that is not a terminal: no prompts, no escape codes.
struct PlainLineReader: LineReading {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var atEnd = false

    init(fd: Int32 = 0) { self.fd = fd }

    mutating func readLine(prompt: String) -> LineInput {
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                var lineBytes = buffer[..<newline]
                if lineBytes.last == 13 { lineBytes = lineBytes.dropLast() }
                let line = String(decoding: lineBytes, as: UTF8.self)
                buffer.removeSubrange(...newline)
                return .line(line)
            }
            if atEnd {
                guard !buffer.isEmpty else { return .endOfInput }
                let line = String(decoding: buffer, as: UTF8.self)
                buffer.removeAll()
                return .line(line)
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                atEnd = true
            } else {
                buffer.append(contentsOf: chunk[0..<n])
            }
        }
    }
}

/// The line handler readline calls with a finished line keeps it here: a C callback cannot
/// capture anything (SWIFT-NOTES), and readline calls it on the main thread only, from
/// inside `rl_callback_read_char`.
private nonisolated(unsafe) var acceptedLine: LineInput?

/// GNU readline through its callback interface. The blocking `readline()` would swallow a
/// Ctrl-C (it retries the read after a signal); waiting in `poll` ourselves lets SIGINT
/// interrupt the wait, so Ctrl-C clears the line as in psql and the shell goes on.
struct ReadlineEditor: LineReading {
    /// Sets readline up once: the name for `$if eddy` in inputrc, no signal handlers of its
    /// own (Interrupts has them), no bracketed paste (its escape codes confuse pipes and
    /// tests), and the completion function.
    init() {
        eddy_rl_set_name("eddy")
        eddy_rl_set_catch_signals(0)
        eddy_rl_set_catch_sigwinch(0)
        rl_initialize()
        eddy_rl_disable_bracketed_paste()
        ReadlineCompletion.install()
    }

    mutating func readLine(prompt: String) -> LineInput {
        acceptedLine = nil
        // A Ctrl-C pressed before the prompt appeared (at the end of a statement) is stale.
        Interrupts.clearInterrupt()
        _ = Interrupts.takeResize()
        rl_reset_screen_size()
        Terminal.flush()
        rl_callback_handler_install(prompt) { line in
            // Remove the handler at once, so readline does not print the next prompt.
            rl_callback_handler_remove()
            guard let line else {
                acceptedLine = .endOfInput
                return
            }
            acceptedLine = .line(String(cString: line))
            free(line)
        }
        while acceptedLine == nil {
            if Interrupts.stopSignal != nil {
                abandonLine(echo: "\n")
                return .endOfInput
            }
            if Interrupts.interrupted {
                Interrupts.clearInterrupt()
                abandonLine(echo: "^C\n")
                return .interrupted
            }
            if Interrupts.takeResize() { rl_resize_terminal() }
            var fds = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            // The timeout only bounds how late a signal that arrived outside poll is seen.
            let ready = poll(&fds, 1, 250)
            if ready < 0 {
                if errno == EINTR { continue }
                abandonLine(echo: "\n")
                return .endOfInput
            }
            if ready > 0 {
                if fds.revents & Int16(POLLIN) != 0 {
                    rl_callback_read_char()
                } else {
                    abandonLine(echo: "\n")  // the terminal hung up
                    return .endOfInput
                }
            }
        }
        let result = acceptedLine ?? .endOfInput
        acceptedLine = nil
        fflush(nil)
        if result == .endOfInput { Terminal.out("\n") }
        return result
    }

    /// Ctrl-C or a hang-up: readline forgets the line and puts the terminal back.
    private func abandonLine(echo: String) {
        rl_free_line_state()
        rl_callback_sigcleanup()
        rl_cleanup_after_signal()
        rl_callback_handler_remove()
        fflush(nil)
        Terminal.out(echo)
    }
}
