import EddyCore
import EddyEngine
import EddyPlanner
import EddyRuntime
import EddySQL

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
    static func complete(prefix: String, before: String, catalog: Catalog) -> CompletionResult {
        let words = before.split(separator: " ", omittingEmptySubsequences: true)
        guard let command = words.first.map(String.init) else {
            return .words(Completer.matching(prefix, names, keyword: false))
        }
        switch command {
        case "\\d": return .words(Completer.matching(prefix, catalog.allNames, keyword: false))
        case "\\i": return .fileNames
        case "\\mode": return .words(Completer.matching(prefix, DisplayMode.allCases.map(\.rawValue), keyword: false))
        case "\\explain", "\\timing": return .words(Completer.matching(prefix, ["on", "off"], keyword: false))
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
        default:
            var message = "unknown command '\(command)'"
            if let near = Suggestions.nearest(to: command, in: MetaCommand.names) { message += ": did you mean '\(near)'?" }
            fail(message + " (\\help lists the commands)\n")
        }
    }

    /// `\d`: every declared name with its kind and where it reads or writes.
    func listing() -> String {
        let catalog = session.catalog
        var rows: [[String]] = []
        for name in catalog.allNames {
            switch catalog.lookup(name) {
            case .source(let s):
                var details = s.connector.map { "\($0.connector) \($0.displayPath) · \($0.format)" } ?? "no connector"
                if s.connector?.follow == true { details += " · follow" }
                rows.append([s.name, s.kind.rawValue.lowercased(), "\(s.schema.count)", details])
            case .view(let v):
                rows.append([v.name, v.materialized ? "materialized view" : "view", "\(v.schema.count)", v.changelog.rawValue])
            case .sink(let k):
                rows.append([k.name, "sink", k.schema.map { "\($0.count)" } ?? "-", "\(k.connector.connector) \(k.connector.displayPath)"])
            case nil:
                continue
            }
        }
        if rows.isEmpty { return "nothing declared yet: CREATE SOURCE ... to start (\\help)\n" }
        return PlainTable.render(headers: ["name", "kind", "columns", "details"], rows: rows)
    }

    /// `\d name`: DESCRIBE, with a caret under a name that does not exist.
    private func describe(_ name: String, line: String) {
        let source = SourceText(name: interactive ? "<repl>" : "\\d", text: line)
        let span = Span(source.bytes.count - name.utf8.count, source.bytes.count)
        let statement = Statement(.describe(Identifier(name, span: span)), span: span)
        do {
            if case .text(let text) = try session.execute(statement, in: source) { Terminal.out(text) }
        } catch let d as Diagnostic {
            report([d], in: source)
        } catch {
            fail("error: \(error)\n")
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
            return fail("\\i \(path): not a script file (\(Directory.isDirectory(path) ? "a folder" : "not a regular file"))\n")
        }
        let folder = FileSystem.folder(of: path)
        let outer = session.catalog.baseDirectory
        setBaseDirectory(folder)
        includeDepth += 1
        defer {
            includeDepth -= 1
            setBaseDirectory(outer)
        }
        var reader = PlainLineReader(fd: fd)
        run(&reader, name: path, prompts: false)
    }

    private func setBaseDirectory(_ directory: String) {
        var catalog = session.catalog
        catalog.baseDirectory = directory
        session.restore(catalog)
    }
}
