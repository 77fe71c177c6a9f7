import ArgumentParser
import CReadline

/// `eddy repl`: the interactive shell, or a statement runner for piped input.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "An interactive SQL shell: line editing, history, completion, live results.",
        discussion: """
            On a terminal: statements end with ';' and may span lines; TAB completes keywords, \
            names and columns; history is kept in ~/.eddy_history ($EDDY_HISTORY overrides it); \
            Ctrl-C clears the line or cancels a running query; Ctrl-D or \\q quits; \\help lists \
            the commands. Without a terminal (eddy repl < script.sql), statements are read from \
            stdin and run in order without prompts; the exit status is 1 if any failed.
            """)

    @Option(name: .long, help: "How query results are shown: table, changelog or json (\\mode switches).")
    var mode: DisplayMode = .table

    @Option(name: .long, parsing: .unconditional, help: "Records per batch read from a source.")
    var batchSize: Int = 8192

    @Flag(name: .long, help: "Neither read nor write the history file.")
    var noHistory = false

    func validate() throws {
        if batchSize < 1 || batchSize > 1 << 20 { throw ValidationError("--batch-size must be between 1 and 1048576") }
    }

    func run() throws {
        defer { Terminal.flush() }
        let interactive = Terminal.stdinIsTerminal && Terminal.stdoutIsTerminal
        let repl = ReplSession(interactive: interactive, mode: mode, batchSize: batchSize)
        if interactive {
            Interrupts.installForShell()
            var editor = ReadlineEditor()
            var history = History(path: noHistory ? nil : History.defaultPath())
            history.load()
            repl.history = history
            Terminal.out("Eddy \(Eddy.configuration.version) · \\help for help · Ctrl-D to quit\n")
            repl.run(&editor, name: "<repl>", prompts: true)
        } else {
            Interrupts.installStopRequests()
            var reader = PlainLineReader(fd: 0)
            repl.run(&reader, name: "<stdin>", prompts: false)
        }
        Terminal.flush()
        if let signal = Interrupts.stopSignal { throw ExitCode(128 + signal) }
        if !interactive && repl.failures > 0 { throw ExitCode.failure }
    }
}
