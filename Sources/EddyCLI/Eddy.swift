import ArgumentParser

/// `eddy`: a streaming SQL engine for one machine.
@main
struct Eddy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eddy",
        abstract: "A streaming SQL engine for one machine.",
        discussion: """
            Write a script of SQL statements (CREATE SOURCE, CREATE SINK, SELECT, INSERT INTO ...) \
            and run it over JSON-lines event logs. See README.md for the language. On a terminal, \
            `eddy` alone opens the interactive shell (`eddy repl`).
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, CheckCommand.self, ExplainCommand.self, CompileCommand.self, TestCommand.self, ReplCommand.self,
            CheckpointsCommand.self, SavepointCommand.self, GenCommand.self,
        ]
    )

    /// Without a subcommand: the shell on a terminal, the help otherwise.
    func run() throws {
        guard Terminal.stdinIsTerminal && Terminal.stdoutIsTerminal else { throw CleanExit.helpRequest(self) }
        try ReplCommand.parse([]).run()
    }
}
