import ArgumentParser

/// `eddy`: a streaming SQL engine for one machine.
@main
struct Eddy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eddy",
        abstract: "A streaming SQL engine for one machine.",
        discussion: """
            Write a script of SQL statements (CREATE SOURCE, CREATE SINK, SELECT, INSERT INTO ...) \
            and run it over JSON-lines event logs. See README.md for the language.
            """,
        version: "0.1.0",
        subcommands: [RunCommand.self, CheckCommand.self, ExplainCommand.self, CompileCommand.self, TestCommand.self, CheckpointsCommand.self, SavepointCommand.self]
    )
}
