import EddyCore
import EddyEngine
import EddyPlanner
import EddySQL

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
                ReadlineCompletion.update(catalog: session.catalog, pending: buffer.pendingText)
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
        let padding =
            String(repeating: "\n", count: max(0, statement.line - 1)) + String(repeating: " ", count: max(0, statement.column - 1))
        let source = SourceText(name: name, text: padding + statement.text)
        let parsed = SQLParser.parseScript(source)
        if !parsed.diagnostics.isEmpty {
            report(parsed.diagnostics, in: source)
            return
        }
        for s in parsed.statements { execute(s, in: source) }
    }

    private func execute(_ statement: Statement, in source: SourceText) {
        let saved = session.catalog
        do {
            if case .explain(let e) = statement.kind, e.mode == .analyze {
                try explainAnalyze(e, span: statement.span, in: source)
                return
            }
            switch try session.execute(statement, in: source) {
            case .catalogChanged(let message): Terminal.out(message + "\n")
            case .text(let text): Terminal.out(text.hasSuffix("\n") ? text : text + "\n")
            case .setting(let key, let value): Terminal.out(value.map { "set '\(key)' = '\($0)'\n" } ?? "reset '\(key)'\n")
            case .query(let query): try run(query)
            }
        } catch {
            // Whatever failed, the catalog is as before the statement.
            session.restore(saved)
            switch error {
            case let d as Diagnostic: report([d], in: source)
            case let list as DiagnosticList: report(list.diagnostics, in: source)
            case let d as ScriptDiagnostics: report(d.diagnostics, in: d.source)
            case let f as RunFailure: fail("error: \(f.message)\n")
            default: fail("error: \(error)\n")
            }
        }
    }

    /// Shows diagnostics with carets on stderr.
    func report(_ diagnostics: [Diagnostic], in source: SourceText) {
        let renderer = DiagnosticRenderer(useColor: Terminal.useColor)
        fail(diagnostics.map { renderer.render($0, in: source) }.joined(separator: "\n"))
    }

    /// Counts a failure and says why on stderr.
    func fail(_ message: String) {
        failures += 1
        Terminal.err(message)
    }
}
