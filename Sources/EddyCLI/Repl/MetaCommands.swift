import EddyEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The shell's backslash commands.
enum MetaCommand {
    struct Info {
        var names: [String]
        var arguments: String
        var help: String
    }

    static let all: [Info] = [
        Info(names: ["\\help", "\\?", "\\h"], arguments: "", help: "this help"),
        Info(names: ["\\d"], arguments: "[NAME]", help: "list sources, tables, views and sinks, or describe one"),
        Info(names: ["\\i"], arguments: "FILE", help: "run the statements of a script (paths in it resolve against its folder)"),
        Info(names: ["\\mode"], arguments: "[table|changelog|json]", help: "how query results are shown"),
        Info(names: ["\\explain"], arguments: "[on|off]", help: "print each query's plan before it runs"),
        Info(names: ["\\timing"], arguments: "[on|off]", help: "show how long each query took"),
        Info(names: ["\\target"], arguments: "[eddy|flink]", help: "what EXPLAIN shows: Eddy's plan, or the statement in Flink SQL"),
        Info(names: ["\\q", "\\quit"], arguments: "", help: "quit (also Ctrl-D)"),
    ]

    static var names: [String] { all.flatMap(\.names) }

    /// The help text of `\help`.
    static var helpText: String {
        var text = "Statements end with ';' and may span lines:\n"
        text += "  CREATE SOURCE | TABLE | [MATERIALIZED] VIEW | SINK ...   SELECT ...   INSERT INTO ...\n"
        text += "  EXPLAIN [ANALYZE] ...   SHOW SOURCES | VIEWS | SINKS | TABLES   DESCRIBE name   SET 'key' = 'value'\n"
        text += "A query over a followed source ('follow' = 'true') runs until Ctrl-C.\n\nCommands:\n"
        let rows = all.map { ["  " + $0.names[0] + ($0.arguments.isEmpty ? "" : " " + $0.arguments), $0.help] }
        text += PlainTable.render(headers: ["", ""], rows: rows).split(separator: "\n").dropFirst().joined(separator: "\n") + "\n"
        text += "\nKeys: TAB completes, Up/Down walk the history (~/.eddy_history), "
        text += "Ctrl-C clears the line or cancels a query, Ctrl-D quits.\n"
        return text
    }

    /// Completion of a meta command line: the command, then its argument.
    static func complete(prefix: String, before: String, completer: Completer) -> CompletionResult {
        let words = before.split(separator: " ", omittingEmptySubsequences: true)
        guard let command = words.first.map(String.init) else {
            return .words(Completer.matching(prefix, names, keyword: false))
        }
        switch command {
        case "\\d": return .words(Completer.matching(prefix, completer.declaredNames, keyword: false))
        case "\\i": return .fileNames
        case "\\mode": return .words(Completer.matching(prefix, DisplayMode.allCases.map(\.rawValue), keyword: false))
        case "\\explain", "\\timing": return .words(Completer.matching(prefix, ["on", "off"], keyword: false))
        case "\\target": return .words(Completer.matching(prefix, ["eddy", "flink"], keyword: false))
        default: return .words([])
        }
    }

    /// `on`/`off` (also true/false, 1/0); nil for none, which toggles.
    static func parseSwitch(_ text: String) -> Bool?? {
        switch text.lowercased() {
        case "": return .some(nil)
        case "on", "true", "1", "yes": return true
        case "off", "false", "0", "no": return false
        default: return nil
        }
    }
}

extension ReplSession {
    /// Runs one backslash command line.
    func runMeta(_ line: String) {
        var text = line.trimmingWhitespace()
        while text.hasSuffix(";") { text.removeLast() }
        let command = String(text.prefix(while: { !$0.isWhitespace }))
        let argument = String(text.dropFirst(command.count)).trimmingWhitespace()
        switch command {
        case "\\help", "\\?", "\\h":
            Terminal.out(MetaCommand.helpText)
        case "\\q", "\\quit":
            quit()
        case "\\d":
            if argument.isEmpty {
                Terminal.out(listing())
            } else {
                describe(argument, line: text)
            }
        case "\\i":
            guard !argument.isEmpty else { return fail("\\i needs a file: \\i script.sql\n") }
            include(argument)
        case "\\mode":
            if argument.isEmpty {
                Terminal.out("mode \(mode.rawValue)\n")
            } else if let m = DisplayMode(rawValue: argument.lowercased()) {
                mode = m
                Terminal.out("mode \(m.rawValue)\n")
            } else {
                fail("unknown mode '\(argument)': use \\mode table, changelog or json\n")
            }
        case "\\explain", "\\timing":
            guard let value = MetaCommand.parseSwitch(argument) else {
                return fail("\(command) takes on or off, not '\(argument)'\n")
            }
            if command == "\\explain" {
                explain = value ?? !explain
                Terminal.out("explain \(explain ? "on" : "off")\n")
            } else {
                timing = value ?? !timing
                Terminal.out("timing \(timing ? "on" : "off")\n")
            }
        case "\\target":
            if argument.isEmpty {
                Terminal.out("target \(session.explainTarget.rawValue)\n")
            } else if let t = Session.ExplainTarget(rawValue: argument.lowercased()) {
                session.explainTarget = t
                Terminal.out("target \(t.rawValue): EXPLAIN shows \(t == .flink ? "the statement in Flink SQL" : "Eddy's plan")\n")
            } else {
                fail("unknown target '\(argument)': use \\target eddy or \\target flink\n")
            }
        default:
            var message = "unknown command '\(command)'"
            if let near = Session.nearest(to: command, in: MetaCommand.names) { message += ": did you mean '\(near)'?" }
            fail(message + " (\\help lists the commands)\n")
        }
    }

    /// `\d`: every declared name with its kind and where it reads or writes.
    func listing() -> String { session.listing() }

    /// `\d name`: DESCRIBE, with a caret under a name that does not exist.
    private func describe(_ name: String, line: String) {
        do {
            Terminal.out(try session.describe(name, typedIn: line, inputName: interactive ? "<repl>" : "\\d"))
        } catch {
            report(error)
        }
    }

    /// `\i FILE`: the file's statements and commands, as if typed, with relative paths in
    /// them resolved against its folder (as `eddy run` does).
    private func include(_ path: String) {
        guard includeDepth < 16 else { return fail("\\i \(path): files include each other too deeply\n") }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return fail("\\i \(path): cannot open: \(String(cString: strerror(errno)))\n") }
        defer { close(fd) }
        // A folder reads as nothing and a device (/dev/zero) as no end: only scripts.
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            return fail("\\i \(path): not a script file (\((st.st_mode & S_IFMT) == S_IFDIR ? "a folder" : "not a regular file"))\n")
        }
        let folder = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : "."
        let outer = session.baseDirectory
        session.baseDirectory = folder
        includeDepth += 1
        defer {
            includeDepth -= 1
            session.baseDirectory = outer
        }
        var reader = PlainLineReader(fd: fd)
        run(&reader, name: path, prompts: false)
    }
}
