import EddyCore
@testable import EddyEngine
import EddyPlanner
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The Flink SQL that `eddy compile --target flink` writes for a dozen tricky scripts
/// (Tests/Golden/flink/NAME.sql), pinned in NAME.flink.sql, or for a script the export
/// refuses, the diagnostic in NAME.error. A first line `-- flink: ARGS` gives the export's
/// `--flink-connector` and `--flink-option` arguments. EDDY_COMPLETE=1 rewrites them.
/// Paths resolve against the made-up folder /data/job, so the text is the same anywhere.
@Suite("Flink export")
struct FlinkExportTests {
    static let folder = Golden.root + "/Tests/Golden/flink"
    static let scripts = Directory.list(folder).filter { $0.hasSuffix(".sql") && !$0.hasSuffix(".flink.sql") }.sorted()

    @Test("golden Flink export", arguments: scripts)
    func golden(_ script: String) throws {
        let text = try TextFile.read(Self.folder + "/" + script)
        let stem = String(script.dropLast(4))
        let actual: String
        let goldenName: String
        do {
            actual = try FlinkExport(text: text, name: script, baseDirectory: "/data/job", options: try Self.options(text)).text
            goldenName = stem + ".flink.sql"
        } catch let d as ScriptDiagnostics {
            actual = d.render()
            goldenName = stem + ".error"
        }
        let path = Self.folder + "/" + goldenName
        if getenv("EDDY_COMPLETE") != nil {
            for stale in [stem + ".flink.sql", stem + ".error"] where stale != goldenName {
                unlink(Self.folder + "/" + stale)
            }
            try TextFile.write(actual, to: path)
            return
        }
        let expected = try? TextFile.read(path)
        #expect(expected == actual, "Flink export of \(script) changed (or is now \(goldenName)); rerun with EDDY_COMPLETE=1 and review the diff")
    }

    /// The `-- flink: --flink-connector kafka --flink-option k=v` line of a script.
    static func options(_ text: String) throws -> FlinkExportOptions {
        guard let first = text.split(separator: "\n").first, first.hasPrefix("-- flink:") else { return FlinkExportOptions() }
        let words = first.dropFirst("-- flink:".count).split(separator: " ").map(String.init)
        var connector = "filesystem"
        var settings: [String] = []
        var i = 0
        while i + 1 < words.count {
            if words[i] == "--flink-connector" { connector = words[i + 1] }
            if words[i] == "--flink-option" { settings.append(words[i + 1]) }
            i += 2
        }
        return try FlinkExportOptions.parse(connector: connector, settings: settings)
    }

    @Test func everyExampleExports() throws {
        for example in Golden.examples {
            let text = try FlinkExport(path: Golden.root + "/examples/" + example).text
            #expect(text.contains("SET 'table.local-time-zone' = 'UTC';"), "\(example)")
            #expect(!text.contains("'connector' = 'file'"), "\(example) kept an Eddy connector")
        }
    }

    @Test func refusalPointsAtTheStatement() throws {
        let script = "CREATE SOURCE s (a BIGINT) WITH ('connector' = 'file', 'path' = 'x.jsonl', 'format' = 'json');\n"
            + "CREATE SOURCE lines (line VARCHAR) WITH ('connector' = 'stdin');\n"
        #expect(throws: ScriptDiagnostics.self) { try FlinkExport(text: script, baseDirectory: "/data") }
        do {
            _ = try FlinkExport(text: script, baseDirectory: "/data")
        } catch let d as ScriptDiagnostics {
            let rendered = d.render()
            #expect(rendered.hasPrefix("script.sql:2:15: error: Flink has no connector reading standard input"))
            #expect(rendered.contains("^~~~~"))
        }
    }

    @Test func explainInTheShellShowsFlinkSQL() throws {
        let session = Session(baseDirectory: "/data")
        let statements = try session.parse(
            "CREATE SOURCE s (a BIGINT, ts TIMESTAMP(3)) WITH ('connector' = 'file', 'path' = 'x.jsonl', 'format' = 'json');",
            name: "<repl>")
        _ = try session.execute(statements[0])
        session.explainTarget = .flink
        let explain = try session.parse("EXPLAIN SELECT a / 2, a % (a - 1) FROM s", name: "<repl>")
        guard case .text(let text) = try session.execute(explain[0]) else {
            Issue.record("EXPLAIN gave no text")
            return
        }
        #expect(text == "SELECT a / 2, MOD(a, NULLIF(a - 1, 0))\nFROM s;\n")
    }

    @Test func badFlinkOptionIsAClearError() {
        #expect(throws: RunFailure.self) { try FlinkExportOptions.parse(connector: "filesystem", settings: ["novalue"]) }
        #expect(throws: RunFailure.self) { try FlinkExportOptions.parse(connector: "pulsar", settings: []) }
    }
}
