import EddyCore
import EddySQL
import Testing

@testable import EddyPlanner

/// How calls of the built-in scalar functions bind: result types, keyword arguments, the
/// plan text, and the mistakes reported at the argument that causes them.
@Suite("Function binding")
struct FunctionBindingTests {
    private static let schema = Schema([
        Field("s", .varchar), Field("n", .bigint), Field("x", .double), Field("ts", .timestamp),
    ])

    private func bind(_ text: String) throws -> ScalarExpr {
        let expr = try SQLParser.parseExpression(SourceText(name: "t", text: text))
        let scope = Scope(schema: Self.schema, qualifier: "t", description: "source 't'")
        return try ExpressionBinder(scope: scope).bind(expr)
    }

    /// The column and message of the diagnostic that binding `text` throws.
    private func failure(_ text: String) -> (column: Int, message: String, help: String?)? {
        do {
            _ = try bind(text)
            return nil
        } catch let d as Diagnostic {
            return (SourceText(name: "t", text: text).location(of: d.span.start).column, d.message, d.help)
        } catch {
            return nil
        }
    }

    private func rendered(_ text: String) throws -> String {
        ExprRenderer(columnNames: Self.schema.fields.map(\.name)).render(try bind(text))
    }

    @Test(arguments: [
        ("DATE_FORMAT(ts, 'yyyy-MM-dd')", DataType.varchar), ("TO_TIMESTAMP(s)", .timestamp),
        ("TO_TIMESTAMP(s, 'dd/MM/yyyy')", .timestamp), ("TIMESTAMPDIFF(SECOND, ts, ts)", .bigint),
        ("TIMESTAMPADD(MONTH, n, ts)", .timestamp), ("EXTRACT(DOW FROM ts)", .bigint), ("YEAR(ts)", .bigint),
        ("FLOOR(ts TO MINUTE)", .timestamp), ("CEIL(ts TO YEAR)", .timestamp), ("FLOOR(x)", .double), ("CEIL(n)", .bigint),
        ("CONCAT(s, 'a', s)", .varchar), ("CONCAT_WS('-', s, s)", .varchar), ("POSITION('a' IN s)", .bigint),
        ("LOCATE('a', s, 2)", .bigint), ("SPLIT_INDEX(s, ',', 0)", .varchar), ("REGEXP(s, 'a+')", .boolean),
        ("MOD(n, 3)", .bigint), ("POWER(n, 2)", .double), ("SQRT(n)", .double), ("SIGN(n)", .bigint),
        ("SIGN(x)", .double), ("PI()", .double), ("LOG(2, x)", .double), ("TRIM(s)", .varchar),
    ])
    func resultTypes(_ text: String, _ type: DataType) throws {
        #expect(try bind(text).type == type)
    }

    @Test func specialFormsPrintAsWritten() throws {
        #expect(try rendered("FLOOR(ts TO MINUTE)") == "FLOOR(ts TO MINUTE)")
        #expect(try rendered("EXTRACT(YEAR FROM ts)") == "EXTRACT(YEAR FROM ts)")
        #expect(try rendered("MONTH(ts)") == "EXTRACT(MONTH FROM ts)")
        #expect(try rendered("TRIM(LEADING 'x' FROM s)") == "TRIM(LEADING 'x' FROM s)")
        #expect(try rendered("TRIM(s)") == "TRIM(BOTH ' ' FROM s)")
        #expect(try rendered("POSITION('a' IN s)") == "POSITION('a' IN s)")
        #expect(try rendered("TIMESTAMPDIFF(SECOND, ts, ts)") == "TIMESTAMPDIFF(SECOND, ts, ts)")
        #expect(try rendered("SPLIT_INDEX(s, ',', 1)") == "SPLIT_INDEX(s, ',', 1)")
        #expect(try rendered("MOD(n, 3)") == "n % 3")
        #expect(try rendered("POWER(n, 2)") == "POWER(CAST(n AS DOUBLE), 2.0)")
    }

    @Test func textLiteralsReadAsTimestamps() throws {
        let e = try bind("EXTRACT(YEAR FROM '2024-05-01 10:00:00')")
        guard case .call(.extract, let args, _) = e else {
            Issue.record("not an EXTRACT: \(e)")
            return
        }
        #expect(args[1].type == .timestamp)
    }

    @Test(arguments: [
        ("SPLIT_INDEX(s, n, 1)", 16, "argument 2 of SPLIT_INDEX must be VARCHAR, found BIGINT"),
        ("SPLIT_INDEX(s, ',', 'x')", 21, "argument 3 of SPLIT_INDEX must be BIGINT, found VARCHAR"),
        ("MOD(x, 2)", 5, "argument 1 of MOD must be BIGINT, found DOUBLE"),
        ("LPAD(s, 2)", 1, "LPAD takes 3 arguments, found 2"),
        ("PI(1)", 1, "PI takes 0 arguments, found 1"),
        ("CONCAT()", 1, "CONCAT takes at least 1 argument, found 0"),
        ("CONCAT(s, n)", 11, "argument 2 of CONCAT must be VARCHAR, found BIGINT"),
        ("TIMESTAMPDIFF(MONTHS, ts, ts)", 15, "MONTHS is not a unit of TIMESTAMPDIFF"),
        ("TIMESTAMPDIFF(SECOND, ts, n)", 27, "argument 3 of TIMESTAMPDIFF must be TIMESTAMP(3), found BIGINT"),
        ("FLOOR(ts TO DOW)", 13, "DOW is not a unit of FLOOR"),
        ("FLOOR(x TO MINUTE)", 7, "argument 1 of FLOOR must be TIMESTAMP(3), found DOUBLE"),
        ("EXTRACT(FORTNIGHT FROM ts)", 9, "FORTNIGHT is not a unit of EXTRACT"),
        ("DATE_FORMAT(s, 'yyyy')", 13, "argument 1 of DATE_FORMAT must be TIMESTAMP(3), found VARCHAR"),
        ("DATE_FORMAT(ts, 'yyyy-MM-dd''T')", 17, "invalid pattern 'yyyy-MM-dd'T': the pattern ends inside quoted text"),
        ("DATE_FORMAT(ts, 'YYYY')", 17, "invalid pattern 'YYYY': unsupported pattern letter 'Y'; use y M d D E a H h K k m s S, and quote other text"),
        ("TO_TIMESTAMP(s, 'EEE d')", 17, "invalid pattern 'EEE d' for TO_TIMESTAMP: pattern letter 'E' can format but not parse timestamps"),
        ("TRIM(BOTH 1 FROM s)", 11, "argument 2 of TRIM must be VARCHAR, found BIGINT"),
        ("REGEXP(s, n)", 11, "argument 2 of REGEXP must be VARCHAR, found BIGINT"),
    ])
    func mistakesPointAtTheArgument(_ text: String, _ column: Int, _ message: String) {
        let f = failure(text)
        #expect(f?.message == message)
        #expect(f?.column == column)
    }

    @Test func invalidRegularExpressionsAreAnalysisErrors() {
        let f = failure("REGEXP_EXTRACT(s, '(a+', 1)")
        #expect(f?.column == 19)
        #expect(f?.message.hasPrefix("invalid regular expression '(a+'") == true)
        #expect(failure("REGEXP_REPLACE(s, '[a-', 'x')")?.column == 19)
        #expect(failure("REGEXP_REPLACE(s, '[a-z]+', 'x')") == nil)
    }

    @Test func helpForCommonMistakes() {
        #expect(failure("DATE_FORMAT(s, 'yyyy')")?.help == "convert the text with TO_TIMESTAMP(text [, pattern])")
        #expect(failure("TIMESTAMPDIFF(WEEKS, ts, ts)")?.help == "units are SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR")
        #expect(failure("REGEX_EXTRACT(s, 'a')")?.help == "did you mean REGEXP_EXTRACT?")
    }
}
