import EddyCore
import Testing

@testable import EddyRuntime

/// The string, regular-expression and math functions, with the examples of Flink's
/// documentation, NULLs, empty strings and values that must not crash a kernel.
@Suite("Function kernels")
struct FunctionKernelTests {
    private func text(_ s: String) -> ScalarExpr { .literal(.string(s), type: .varchar) }
    private func int(_ i: Int64) -> ScalarExpr { .literal(.int(i), type: .bigint) }
    private func double(_ d: Double) -> ScalarExpr { .literal(.double(d), type: .double) }
    private let nullText = ScalarExpr.literal(.null, type: .varchar)
    private let nullInt = ScalarExpr.literal(.null, type: .bigint)
    private func one(_ f: ScalarFunction, _ args: ScalarExpr..., type: DataType = .varchar) -> Value {
        ExprCompiler.evaluateConstant(.call(f, args: args, type: type))
    }
    private func str(_ f: ScalarFunction, _ args: String...) -> Value {
        ExprCompiler.evaluateConstant(.call(f, args: args.map(text), type: .varchar))
    }

    @Test func concatenation() {
        #expect(str(.concatFunction, "AA", "BB", "CC") == .string("AABBCC"))
        #expect(one(.concatFunction, text("a"), nullText) == .null)
        #expect(one(.concatWs, text("~"), text("AA"), nullText, text("BB"), text(""), text("CC")) == .string("AA~BB~~CC"))
        #expect(one(.concatWs, nullText, text("AA")) == .null)
        #expect(one(.concatWs, text(","), nullText) == .string(""))
    }

    @Test func replaceIsLiteralAndNonOverlapping() {
        #expect(str(.replace, "hello world", "world", "flink") == .string("hello flink"))
        #expect(str(.replace, "ababab", "abab", "z") == .string("zab"))
        #expect(str(.replace, "abc", "", "-") == .string("-a-b-c-"))
        #expect(str(.replace, "", "a", "b") == .string(""))
        #expect(str(.replace, "a.b.c", ".", "") == .string("abc"))
        #expect(str(.replace, "héllo", "é", "e") == .string("hello"))
    }

    @Test func trimRemovesASetOfCharacters() {
        #expect(str(.trim, "BOTH", " ", "  a b  ") == .string("a b"))
        #expect(str(.trim, "BOTH", "xy", "xyaxbyx") == .string("axb"))
        #expect(str(.trim, "LEADING", "x", "xxaxx") == .string("axx"))
        #expect(str(.trim, "TRAILING", "x", "xxaxx") == .string("xxa"))
        #expect(str(.trim, "BOTH", "x", "xxx") == .string(""))
        #expect(str(.trim, "BOTH", "", "xax") == .string("xax"))
        #expect(str(.trim, "BOTH", " ", "\ta ") == .string("\ta"))  // spaces only, not tabs
        #expect(one(.trim, text("BOTH"), nullText, text("a")) == .null)
        #expect(str(.ltrim, "  a  ") == .string("a  "))
        #expect(str(.rtrim, "  a  ") == .string("  a"))
        #expect(str(.ltrim, "xxa", "x") == .string("a"))
    }

    @Test func splitIndexKeepsEmptyPieces() {
        func split(_ s: String, _ d: String, _ i: Int64) -> Value { one(.splitIndex, text(s), text(d), int(i)) }
        #expect(split("Jack,John,Mary", ",", 2) == .string("Mary"))
        #expect(split("Jack,John,Mary", ",", 3) == .null)
        #expect(split("Jack,John,Mary", ",", -1) == .null)
        #expect(split("a,,b", ",", 1) == .string(""))
        #expect(split("a,", ",", 1) == .string(""))
        #expect(split(",a", ",", 0) == .string(""))
        #expect(split("a::b", "::", 1) == .string("b"))
        #expect(split("abc", ",", 0) == .string("abc"))
        #expect(split("", ",", 0) == .null)
        #expect(split("a b\tc", "", 2) == .string("c"))  // an empty delimiter splits at whitespace
        #expect(one(.splitIndex, text("a,b"), text(","), nullInt) == .null)
    }

    @Test func positionsCountCodePointsFromOne() {
        #expect(one(.position, text("b"), text("abc"), type: .bigint) == .int(2))
        #expect(one(.position, text("z"), text("abc"), type: .bigint) == .int(0))
        #expect(one(.position, text(""), text("abc"), type: .bigint) == .int(1))
        #expect(one(.position, text("a"), text(""), type: .bigint) == .int(0))
        #expect(one(.position, text("b"), text("aéb"), type: .bigint) == .int(3))
        #expect(one(.locate, text("a"), text("banana"), int(3), type: .bigint) == .int(4))
        #expect(one(.locate, text("a"), text("banana"), int(0), type: .bigint) == .int(2))
        #expect(one(.locate, text("a"), text("banana"), int(99), type: .bigint) == .int(0))
        #expect(one(.locate, text("a"), text("banana"), int(Int64.min), type: .bigint) == .int(2))
        #expect(one(.position, nullText, text("abc"), type: .bigint) == .null)
    }

    @Test func caseAndShape() {
        #expect(str(.initcap, "hello wORLD") == .string("Hello World"))
        #expect(str(.initcap, "o'neil-smith 3rd") == .string("O'Neil-Smith 3rd"))
        #expect(str(.initcap, "") == .string(""))
        #expect(str(.reverse, "abc") == .string("cba"))
        #expect(str(.reverse, "héllo") == .string("olléh"))
        #expect(one(.repeatText, text("ab"), int(3)) == .string("ababab"))
        #expect(one(.repeatText, text("ab"), int(0)) == .string(""))
        #expect(one(.repeatText, text("ab"), int(-2)) == .string(""))
        #expect(one(.repeatText, text("ab"), int(1 << 40)) == .null)
        #expect(one(.repeatText, text("ab"), int(Int64.max)) == .null)
    }

    @Test func padding() {
        func lpad(_ s: String, _ n: Int64, _ p: String) -> Value { one(.lpad, text(s), int(n), text(p)) }
        func rpad(_ s: String, _ n: Int64, _ p: String) -> Value { one(.rpad, text(s), int(n), text(p)) }
        #expect(lpad("hi", 4, "??") == .string("??hi"))
        #expect(lpad("hi", 1, "??") == .string("h"))
        #expect(rpad("hi", 4, "??") == .string("hi??"))
        #expect(rpad("hi", 1, "??") == .string("h"))
        #expect(lpad("abc", 8, "xy") == .string("xyxyxabc"))
        #expect(rpad("abc", 8, "xy") == .string("abcxyxyx"))
        #expect(lpad("hi", 0, "x") == .string(""))
        #expect(lpad("hi", -1, "x") == .null)
        #expect(rpad("hi", 5, "") == .null)
        #expect(lpad("hi", Int64.max, "x") == .null)
    }

    @Test func regularExpressions() {
        #expect(one(.regexpExtract, text("foothebar"), text("foo(.*?)(bar)"), int(2)) == .string("bar"))
        #expect(str(.regexpExtract, "abc123def", "[0-9]+") == .string("123"))
        #expect(one(.regexpExtract, text("abc"), text("[0-9]+"), int(0)) == .null)
        #expect(one(.regexpExtract, text("abc"), text("(b)"), int(5)) == .null)
        #expect(one(.regexpExtract, text("abc"), text("(b)"), int(-1)) == .null)
        #expect(one(.regexpExtract, text("a"), text("a|(b)"), int(1)) == .null)
        #expect(str(.regexpReplace, "foobar", "oo|ar", "") == .string("fb"))
        #expect(str(.regexpReplace, "abc", "(b)", "[$1]") == .string("a[$1]c"))
        #expect(str(.regexpReplace, "abc", "x*", "-") == .string("-a-b-c-"))
        #expect(str(.regexpReplace, "a1b22", "\\d+", "#") == .string("a#b#"))
        #expect(one(.regexp, text("abc"), text("^a.c$"), type: .boolean) == .bool(true))
        #expect(one(.regexp, text("abc"), text(""), type: .boolean) == .bool(false))
        #expect(one(.regexp, nullText, text("a"), type: .boolean) == .null)
    }

    @Test func resultsTooLargeForMemoryAreNull() {
        let big = String(repeating: "x", count: 17 << 20)
        #expect(str(.replace, "abc", "", big) == .null)
        #expect(str(.regexpReplace, "abcd", "x*", big) == .null)
        guard case .string(let once) = str(.regexpReplace, "abcd", "b", big) else {
            Issue.record("one replacement fits")
            return
        }
        #expect(once.utf8.count == big.utf8.count + 3)
    }

    @Test func invalidPatternsFromDataGiveNullOrFalse() {
        let patterns = Column(type: .varchar, values: .strings(["(b", "b", "["]))
        let texts = Column(type: .varchar, values: .strings(["abc", "abc", "abc"]))
        let batch = Batch(columns: [texts, patterns], rowCount: 3)
        let s = ScalarExpr.column(index: 0, type: .varchar), p = ScalarExpr.column(index: 1, type: .varchar)
        let extracted = ExprCompiler.compile(.call(.regexpExtract, args: [s, p], type: .varchar))(batch)
        #expect((0..<3).map { extracted.value(at: $0) } == [.null, .string("b"), .null])
        let replaced = ExprCompiler.compile(.call(.regexpReplace, args: [s, p, text("x")], type: .varchar))(batch)
        #expect((0..<3).map { replaced.value(at: $0) } == [.null, .string("axc"), .null])
        let matched = ExprCompiler.compile(.call(.regexp, args: [s, p], type: .boolean))(batch)
        #expect((0..<3).map { matched.value(at: $0) } == [.bool(false), .bool(true), .bool(false)])
    }

    @Test func math() {
        #expect(one(.modulo, int(-7), int(3), type: .bigint) == .int(-1))
        #expect(one(.modulo, int(7), int(-3), type: .bigint) == .int(1))
        #expect(one(.modulo, int(7), int(0), type: .bigint) == .null)
        #expect(one(.power, double(2), double(10), type: .double) == .double(1024))
        #expect(one(.power, double(2), double(-1), type: .double) == .double(0.5))
        #expect(one(.sqrt, double(16), type: .double) == .double(4))
        #expect(one(.log10, double(1000), type: .double) == .double(3))
        #expect(one(.exp, double(0), type: .double) == .double(1))
        #expect(one(.ln, double(0), type: .double) == .double(-.infinity))
        #expect(one(.log, double(2), double(1024), type: .double) == .double(10))
        #expect(one(.log2, double(8), type: .double) == .double(3))
        #expect(one(.sign, int(-5), type: .bigint) == .int(-1))
        #expect(one(.sign, int(0), type: .bigint) == .int(0))
        #expect(one(.sign, double(2.5), type: .double) == .double(1))
        #expect(one(.pi, type: .double) == .double(Double.pi))
        #expect(one(.sqrt, .literal(.null, type: .double), type: .double) == .null)
        guard case .double(let nan) = one(.sqrt, double(-1), type: .double) else {
            Issue.record("SQRT(-1) is not a DOUBLE")
            return
        }
        #expect(nan.isNaN)
    }

    @Test func placeholdersOfNullRowsNeverCrash() {
        let texts = Column(type: .varchar, values: .strings(["", "abc", "x"]), validity: [true, false, true])
        let ints = Column(type: .bigint, values: .ints([Int64.min, Int64.max, -1]), validity: [true, false, true])
        let batch = Batch(columns: [texts, ints], rowCount: 3)
        let s = ScalarExpr.column(index: 0, type: .varchar), n = ScalarExpr.column(index: 1, type: .bigint)
        let calls: [ScalarExpr] = [
            .call(.splitIndex, args: [s, s, n], type: .varchar),
            .call(.lpad, args: [s, n, s], type: .varchar),
            .call(.rpad, args: [s, n, s], type: .varchar),
            .call(.repeatText, args: [s, n], type: .varchar),
            .call(.locate, args: [s, s, n], type: .bigint),
            .call(.regexpExtract, args: [s, s, n], type: .varchar),
            .call(.trim, args: [text("BOTH"), s, s], type: .varchar),
            .call(.replace, args: [s, s, s], type: .varchar),
            .call(.concatWs, args: [s, s, s], type: .varchar),
            .call(.toTimestamp, args: [s, s], type: .timestamp),
            .call(.sign, args: [n], type: .bigint),
        ]
        for c in calls {
            let out = ExprCompiler.compile(c)(batch)
            #expect(out.count == 3)
            #expect(out.isNull(1))
        }
    }
}
