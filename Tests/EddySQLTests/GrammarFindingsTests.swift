import Testing

@testable import EddySQL

/// What the grammar tests (GrammarTests) found where grammar/eddy.ebnf and the parser
/// disagreed, pinned down statement by statement: the parser bugs that were fixed, and the
/// parser's rules that the grammar now states.
@Suite("Parser: what the grammar tests found")
struct GrammarFindingsTests {
    /// DESCRIPTOR is not reserved, so it is a name wherever a name can be: a time column in
    /// the short form, and a partition key. (The parser read it as `DESCRIPTOR(` there.)
    @Test func aColumnNamedDescriptorIsAName() {
        #expect(SQL.statement("SELECT 1 FROM TUMBLE(t, descriptor, INTERVAL '1' SECOND)")
            == "select 1 from (TUMBLE t descriptor (interval '1' SECOND))")
        #expect(SQL.statement("SELECT 1 FROM TABLE(SESSION(TABLE t PARTITION BY a, descriptor, DESCRIPTOR(ts), INTERVAL '1' SECOND))")
            == "select 1 from (SESSION/flink t ts (partition a descriptor) (interval '1' SECOND))")
        #expect(SQL.statement("SELECT 1 FROM SESSION(t PARTITION BY descriptor, DESCRIPTOR(ts), INTERVAL '1' SECOND)")
            == "select 1 from (SESSION t ts (partition descriptor) (interval '1' SECOND))")
        // Flink's form still wants DESCRIPTOR(...) there.
        #expect(SQL.error("SELECT 1 FROM TABLE(TUMBLE(TABLE t, descriptor, INTERVAL '1' SECOND))")
            == "1:47: expected '(' after 'DESCRIPTOR', found ','")
    }

    /// The grammar now counts the intervals of each window: TUMBLE and SESSION take one,
    /// HOP and CUMULATE two.
    @Test func eachWindowTakesItsIntervals() {
        #expect(SQL.error("SELECT 1 FROM TUMBLE(t, ts)") == "1:27: TUMBLE takes a size, found none")
        #expect(SQL.error("SELECT 1 FROM HOP(t, ts, INTERVAL '1' SECOND)") == "1:45: HOP takes a slide and a size, found 1 argument")
    }

    /// An alias without AS is not a word that starts a statement: the grammar now says so.
    @Test func anAliasWithoutAsDoesNotStartAStatement() {
        #expect(SQL.error("SELECT a describe FROM t") == "1:10: expected ',' or 'FROM' after the select list, found 'describe'")
        #expect(SQL.error("SELECT a AS describe FROM t") == "no error")
        #expect(SQL.error("SELECT a desc FROM t") == "no error")
    }

    /// POSITION's first argument is below the predicates in both its forms, so that IN can
    /// separate the arguments: the grammar now says so.
    @Test func positionsFirstArgumentIsAConcatenation() {
        #expect(SQL.error("SELECT POSITION(a || b IN c), POSITION(a, b = c)") == "no error")
        #expect(SQL.error("SELECT POSITION(a = b, c)") == "1:19: expected ')' to close '(' at 1:16, found '='")
    }

    /// TRIM reads a first word BOTH, LEADING or TRAILING as its mode unless ')' or ','
    /// follows; TRIM takes one plain argument at most. The grammar now says so.
    @Test func trimsModeWords() {
        #expect(SQL.error("SELECT TRIM(leading), TRIM(LEADING FROM s), TRIM(\"leading\" || 'x')") == "no error")
        #expect(SQL.error("SELECT TRIM(leading || 'x')") == "1:21: expected an expression after 'leading', found '||'")
        #expect(SQL.error("SELECT TRIM(a, b)") == "1:14: expected ')' to close '(' at 1:12, found ','")
    }

    /// A type's parameters are integers of 64 bits: the grammar now says so.
    @Test func typeParametersFitIn64Bits() {
        #expect(SQL.error("CREATE SOURCE s (a VARCHAR(9223372036854775807))") == "no error")
        #expect(SQL.error("CREATE SOURCE s (a VARCHAR(9223372036854775808))")
            == "1:28: expected a whole number in the parentheses of VARCHAR, found '9223372036854775808'")
    }

    /// CAST and TRY_CAST are not function names, and WATERMARK FOR and PRIMARY KEY start
    /// those elements: the grammar now says so.
    @Test func wordsThatStartOtherForms() {
        #expect(SQL.error("SELECT cast(1)") == "1:14: expected 'AS' and a type in CAST, found ')'")
        #expect(SQL.error("SELECT try_cast(1)") == "1:8: TRY_CAST is not supported")
        #expect(SQL.error("CREATE SOURCE s (primary KEY)") == "1:29: expected '(' before the primary key, found ')'")
        #expect(SQL.error("CREATE SOURCE s (\"primary\" KEY, watermark INT)") == "no error")
    }
}
