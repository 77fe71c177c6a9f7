import EddyEngine

/// The shell's state and its loop: lines come in (from readline, a pipe or a `\i` file),
/// complete statements run against one `Session`, meta commands change how results are
/// shown. A statement that fails is reported with a caret under the mistake and leaves the
/// catalog as it was; the session goes on.
final class ReplSession {
    let session: Session
    /// A person at a terminal: prompts, history, a live table, Ctrl-C handling.
    let interactive: Bool
    var mode: DisplayMode
    var timing: Bool
    var explain = false
    let batchSize: Int
    var history: History?
    /// Statements and commands that failed (the exit status of a script).
    private(set) var failures = 0
    private(set) var quitRequested = false
    /// How deep `\i` files are nested (a file including itself stops at the limit).
    var includeDepth = 0
    /// Ctrl-C cancelled a query: the `\i` files being run stop too.
    var scriptsCancelled = false

    static let prompt = "eddy> "
    static let continuationPrompt = "   -> "
    static let quoteContinuationPrompt = "   '> "

    init(interactive: Bool, mode: DisplayMode = .table, batchSize: Int = 8192, baseDirectory: String = ".") {
        self.session = Session(baseDirectory: baseDirectory)
        self.interactive = interactive
        self.mode = mode
        self.timing = interactive
        self.batchSize = batchSize
    }

    /// Reads lines until the end of the input or `\q`, running what they complete. With
    /// `prompts`, each statement (however many lines it took) becomes one history entry.
    func run<R: LineReading>(_ reader: inout R, name: String, prompts: Bool) {
        var buffer = StatementBuffer()
        var entry: [String] = []
        while !quitRequested && !(includeDepth > 0 && scriptsCancelled) && Interrupts.stopSignal == nil {
            if prompts {
                scriptsCancelled = false
                ReadlineCompletion.update(session: session, pending: buffer.pendingText)
            }
            let prompt =
                buffer.isEmpty ? Self.prompt : (buffer.isInsideQuoteOrComment ? Self.quoteContinuationPrompt : Self.continuationPrompt)
            switch reader.readLine(prompt: prompt) {
            case .endOfInput:
                if !prompts, let last = buffer.finish() { execute(last, name: name) }
                return
            case .interrupted:
                buffer.reset()
                entry.removeAll()
            case .line(let line):
                let trimmed = line.trimmingWhitespace()
                if buffer.isEmpty && (trimmed.hasPrefix("\\") || (prompts && ["quit", "exit"].contains(trimmed.lowercased()))) {
                    if prompts { history?.add(trimmed) }
                    buffer.skipLine()
                    runMeta(trimmed.hasPrefix("\\") ? trimmed : "\\q")
                    continue
                }
                if prompts && buffer.isEmpty {
                    buffer.restartLineNumbers()
                    entry.removeAll()
                }
                entry.append(line)
                let statements = buffer.append(line: line)
                if prompts && buffer.isEmpty {
                    history?.add(entry.joined(separator: "\n"))
                    entry.removeAll()
                }
                for s in statements where !quitRequested && !(includeDepth > 0 && scriptsCancelled) && Interrupts.stopSignal == nil {
                    execute(s, name: name)
                }
            }
        }
    }

    /// Asks the loop to end after the current line.
    func quit() { quitRequested = true }

    /// Parses and runs one complete statement. The text is placed at its line and column,
    /// so that a caret points where the user typed the mistake.
    func execute(_ statement: StatementBuffer.Statement, name: String) {
        let parsed: [ShellStatement]
        do {
            parsed = try session.parse(statement.text, name: name, line: statement.line, column: statement.column)
        } catch {
            return report(error)
        }
        for s in parsed { execute(s) }
    }

    private func execute(_ statement: ShellStatement) {
        let saved = session.state
        do {
            switch try session.execute(statement) {
            case .message(let message): Terminal.out(message + "\n")
            case .text(let text): Terminal.out(text.hasSuffix("\n") || text.isEmpty ? text : text + "\n")
            case .query(let query): try run(query)
            case .explainAnalyze(let query): try explainAnalyze(query)
            }
        } catch {
            // Whatever failed, the session is as before the statement.
            session.restore(saved)
            report(error)
        }
    }

    /// Shows an error: diagnostics with carets, other failures as a line, on stderr.
    func report(_ error: Error) {
        switch error {
        case let d as ScriptDiagnostics: fail(d.render(color: Terminal.useColor))
        case let f as RunFailure: fail("error: \(f.message)\n")
        default: fail("error: \(error)\n")
        }
    }

    /// Counts a failure and says why on stderr.
    func fail(_ message: String) {
        failures += 1
        Terminal.err(message)
    }
}
