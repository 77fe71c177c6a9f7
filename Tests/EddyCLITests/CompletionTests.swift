import EddyEngine
import EddyPlanner
import EddySQL
import Testing

@testable import EddyCLI

@Suite("Completion in context")
struct CompletionTests {
    static func completer() throws -> Completer {
        let session = Session(baseDirectory: "/data")
        for sql in [
            "CREATE SOURCE bids (auction BIGINT, price BIGINT, ts TIMESTAMP(3)) WITH ('connector' = 'file', 'path' = 'b.jsonl')",
            "CREATE SOURCE items (product VARCHAR, price_list BIGINT) WITH ('connector' = 'file', 'path' = 'i.jsonl')",
            "CREATE SINK out WITH ('connector' = 'file', 'path' = 'o.jsonl')",
        ] {
            let source = SourceText(name: "t", text: sql)
            _ = try session.execute(try SQLParser.parseStatement(source), in: source)
        }
        return Completer(session: session)
    }

    func complete(_ before: String, _ prefix: String, after: String = "") throws -> CompletionResult {
        try Self.completer().complete(prefix: prefix, before: before, statement: before + prefix + after)
    }

    @Test func keywordsStartAStatementInTheCaseTyped() throws {
        #expect(try complete("", "SE") == .words(["SELECT", "SET"]))
        #expect(try complete("", "sel") == .words(["select"]))
    }

    @Test func relationsFollowFromAndSinksFollowInto() throws {
        #expect(try complete("SELECT * FROM ", "b") == .words(["bids"]))
        #expect(try complete("INSERT INTO ", "") == .words(["out"]))
        #expect(try complete("SHOW ", "s") == .words(["sources", "sinks"]))
    }

    @Test func columnsComeFromTheRelationsTheStatementReads() throws {
        #expect(try complete("SELECT * FROM bids WHERE ", "pr") == .words(["price"]))
        // The FROM clause may come after the cursor.
        #expect(try complete("SELECT ", "pr", after: " FROM items") == .words(["product", "price_list"]))
        // No relation named yet: every known column.
        #expect(try complete("SELECT ", "pr") == .words(["price", "product", "price_list"]))
    }

    @Test func aQualifierOrAliasNarrowsToItsColumns() throws {
        #expect(try complete("SELECT b.", "", after: " FROM bids b JOIN items i ON true") == .words(["auction", "price", "ts"]))
        #expect(try complete("SELECT i.", "p", after: " FROM bids AS b, items AS i") == .words(["product", "price_list"]))
    }

    @Test func windowFunctionsAddWindowColumns() throws {
        let result = try complete("SELECT ", "window_", after: " FROM TUMBLE(bids, ts, INTERVAL '1' MINUTE)")
        #expect(result == .words(["window_start", "window_end", "window_time"]))
    }

    @Test func insideAQuotedStringFileNamesAreCompleted() throws {
        #expect(try complete("CREATE SOURCE x (a BIGINT) WITH ('path' = '", "da") == .fileNames)
    }

    @Test func metaCommandsAndTheirArguments() throws {
        let completer = try Self.completer()
        #expect(MetaCommand.complete(prefix: "\\m", before: "", completer: completer) == .words(["\\mode"]))
        #expect(MetaCommand.complete(prefix: "b", before: "\\d ", completer: completer) == .words(["bids"]))
        #expect(MetaCommand.complete(prefix: "c", before: "\\mode ", completer: completer) == .words(["changelog"]))
        #expect(MetaCommand.complete(prefix: "", before: "\\i ", completer: completer) == .fileNames)
    }
}
