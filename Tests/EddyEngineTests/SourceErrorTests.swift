import EddyCore
@testable import EddyEngine
import EddyRuntime
import EddySQL
import Testing

@Suite("Bad input: malformed lines, missing files")
struct SourceErrorTests {
    static let lines = """
        {"id": 1, "name": "a"}
        {"id": 2, "name": "b"
        {"id": "three", "name": "c"}

        {"id": 4, "name": "d"}
        """

    func prepare(_ options: String, in folder: TempFolder) throws -> PreparedScript {
        let script = """
            CREATE SOURCE s (id BIGINT, name VARCHAR) WITH ('connector' = 'file', 'path' = 'in.jsonl'\(options));
            SELECT id, name FROM s;
            """
        return try ScriptRunner.prepare(SourceText(name: "t.sql", text: script), baseDirectory: folder.path)
    }

    @Test func aMalformedLineStopsTheRunWithFileLineAndReason() throws {
        let folder = TempFolder()
        let path = try folder.write("in.jsonl", Self.lines)
        let prepared = try prepare("", in: folder)
        #expect {
            try runScript(prepared)
        } throws: { error in
            (error as? RunFailure)?.message == "\(path):2: record ends before its closing '}'"
        }
    }

    @Test func skippedLinesAreCountedReportedAndKept() throws {
        let folder = TempFolder()
        try folder.write("in.jsonl", Self.lines)
        let prepared = try prepare(", 'on_error' = 'skip', 'dead_letter.path' = 'bad.jsonl'", in: folder)
        let outcome = try runScript(prepared)
        #expect(outcome.selects.first?.sink.rows == [[.int(1), .string("a")], [.int(4), .string("d")]])
        let report = try #require(outcome.summary.sources.first)
        #expect(report.malformedLines == 2)
        #expect(report.malformedSamples.map(\.line) == [2, 3])
        let dead = try folder.read("bad.jsonl").split(separator: "\n")
        #expect(dead.count == 2)
        #expect(dead.first?.hasPrefix(#"{"line": 2, "error": "record ends before its closing '}'", "text": "#) == true)
    }

    @Test func aMissingFileIsAOneLineError() throws {
        let folder = TempFolder()
        let prepared = try prepare("", in: folder)
        #expect {
            try runScript(prepared)
        } throws: { error in
            (error as? RunFailure)?.message == "source 's': cannot open \(folder.path)/in.jsonl: No such file or directory"
        }
    }

    @Test func aSourceWithoutAConnectorCannotRunFromFiles() throws {
        let prepared = try ScriptRunner.prepare(
            SourceText(name: "t.sql", text: "CREATE SOURCE s (a BIGINT); SELECT a FROM s;"), baseDirectory: "/tmp")
        #expect(throws: RunFailure.self) { try runScript(prepared) }
    }

    @Test func scriptErrorsArePointedAtWithACaret() {
        let text = "CREATE SOURCE bids (price BIGINT) WITH ('connector' = 'file', 'path' = 'b.jsonl');\nSELECT prise FROM bids;"
        #expect {
            try ScriptRunner.prepare(SourceText(name: "job.sql", text: text), baseDirectory: "/tmp")
        } throws: { error in
            (error as? ScriptDiagnostics)?.render() == """
                job.sql:2:8: error: unknown column 'prise' in source 'bids'
                    2 | SELECT prise FROM bids;
                      |        ^~~~~
                  help: did you mean 'price'?

                """
        }
    }
}
