import EddyCore
@testable import EddyEngine
import EddySQL
import Testing

@Suite("Session: SHOW, DESCRIBE, SET, DROP")
struct SessionTests {
    func run(_ session: Session, _ text: String) throws -> StatementOutcome {
        let source = SourceText(name: "t", text: text)
        return try session.execute(try SQLParser.parseStatement(source), in: source)
    }

    func text(_ outcome: StatementOutcome) -> String {
        if case .text(let t) = outcome { return t }
        return ""
    }

    @Test func describeShowsColumnsTypesAndTheWatermark() throws {
        let session = Session(baseDirectory: "/data")
        _ = try run(session, """
            CREATE SOURCE bids (auction BIGINT NOT NULL, price DOUBLE, ts TIMESTAMP(3),
              WATERMARK FOR ts AS ts - INTERVAL '4' SECOND)
            WITH ('connector' = 'file', 'path' = 'bids.jsonl', 'format' = 'json')
            """)
        #expect(text(try run(session, "DESCRIBE bids")) == """
            source bids · file bids.jsonl · json
            column   type          null  extra
            auction  BIGINT        no
            price    DOUBLE        yes
            ts       TIMESTAMP(3)  yes   watermark ts - 4 s

            """)
    }

    @Test func showListsEachKind() throws {
        let session = Session(baseDirectory: "/data")
        _ = try run(session, "CREATE SOURCE a (x BIGINT) WITH ('connector' = 'file', 'path' = 'a.jsonl')")
        _ = try run(session, "CREATE VIEW v AS SELECT x FROM a")
        _ = try run(session, "CREATE SINK out WITH ('connector' = 'file', 'path' = 'o.jsonl')")
        #expect(text(try run(session, "SHOW SOURCES")) == "name  connector     columns\na     file a.jsonl  1\n")
        #expect(text(try run(session, "SHOW VIEWS")) == "name  kind  columns\nv     view  1\n")
        #expect(text(try run(session, "SHOW SINKS")) == "name  connector     columns\nout   file o.jsonl  -\n")
        #expect(text(try run(session, "SHOW TABLES")) == "no tables\n")
    }

    @Test func relativePathsResolveAgainstTheScriptFolder() throws {
        let session = Session(baseDirectory: "/data/jobs")
        _ = try run(session, "CREATE SOURCE a (x BIGINT) WITH ('connector' = 'file', 'path' = './in/a.jsonl')")
        #expect(session.catalog.sources["a"]?.connector?.path == "/data/jobs/in/a.jsonl")
    }

    @Test func setAndResetAndDrop() throws {
        let session = Session(baseDirectory: "/")
        _ = try run(session, "SET 'state.ttl' = '1h'")
        #expect(session.catalog.settings["state.ttl"] == "1h")
        _ = try run(session, "RESET 'state.ttl'")
        #expect(session.catalog.settings["state.ttl"] == nil)
        _ = try run(session, "CREATE SOURCE a (x BIGINT)")
        _ = try run(session, "DROP SOURCE a")
        #expect(session.catalog.lookup("a") == nil)
        #expect(throws: Diagnostic.self) { try run(session, "DROP SOURCE a") }
        _ = try run(session, "DROP SOURCE IF EXISTS a")
    }

    @Test func aFailedStatementLeavesTheCatalogAsItWas() throws {
        let session = Session(baseDirectory: "/")
        _ = try run(session, "CREATE SOURCE a (x BIGINT)")
        #expect(throws: Diagnostic.self) { try run(session, "CREATE VIEW v AS SELECT y FROM a") }
        #expect(session.catalog.lookup("v") == nil)
        #expect(session.catalog.allNames == ["a"])
    }
}
