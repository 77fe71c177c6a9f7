import EddyCore
import Testing

@testable import EddyRuntime

/// EXTRACT, FLOOR/CEIL to a unit, TIMESTAMPDIFF, TIMESTAMPADD, DATE_FORMAT and TO_TIMESTAMP
/// over single values and over columns holding NULLs and extreme values.
@Suite("Time function kernels")
struct TimeFunctionKernelTests {
    private func ms(_ text: String) -> Int64 { Timestamps.parse(text) ?? Int64.min }
    private func ts(_ text: String) -> ScalarExpr { .literal(.timestamp(ms(text)), type: .timestamp) }
    private func word(_ w: String) -> ScalarExpr { .literal(.string(w), type: .varchar) }
    private func text(_ s: String) -> ScalarExpr { .literal(.string(s), type: .varchar) }
    private func int(_ i: Int64) -> ScalarExpr { .literal(.int(i), type: .bigint) }
    private func one(_ f: ScalarFunction, _ args: ScalarExpr..., type: DataType) -> Value {
        ExprCompiler.evaluateConstant(.call(f, args: args, type: type))
    }
    private func extract(_ unit: String, _ t: String) -> Value { one(.extract, word(unit), ts(t), type: .bigint) }
    private func floor(_ t: String, _ unit: String) -> Value { one(.floor, ts(t), word(unit), type: .timestamp) }
    private func ceil(_ t: String, _ unit: String) -> Value { one(.ceil, ts(t), word(unit), type: .timestamp) }
    private func diff(_ unit: String, _ a: String, _ b: String) -> Value { one(.timestampDiff, word(unit), ts(a), ts(b), type: .bigint) }
    private func format(_ t: String, _ pattern: String) -> Value { one(.dateFormat, ts(t), text(pattern), type: .varchar) }
    private func stamp(_ t: String) -> Value { .timestamp(ms(t)) }

    @Test func extractsEveryField() {
        let t = "2024-02-29 13:45:30.250"  // a Thursday in a leap year
        let expected: [(String, Int64)] = [
            ("YEAR", 2024), ("QUARTER", 1), ("MONTH", 2), ("DAY", 29), ("HOUR", 13), ("MINUTE", 45), ("SECOND", 30),
            ("MILLISECOND", 250), ("DOW", 5), ("ISODOW", 4), ("DOY", 60), ("WEEK", 9), ("ISOYEAR", 2024),
            ("DECADE", 202), ("CENTURY", 21), ("MILLENNIUM", 3),
        ]
        for (unit, value) in expected { #expect(extract(unit, t) == .int(value), "\(unit)") }
    }

    @Test func fieldsBefore1970CountFromMidnight() {
        let t = "1969-12-31 23:59:59.999"  // a Wednesday, in ISO week 1 of 1970
        #expect(extract("YEAR", t) == .int(1969))
        #expect(extract("DAY", t) == .int(31))
        #expect(extract("HOUR", t) == .int(23))
        #expect(extract("SECOND", t) == .int(59))
        #expect(extract("MILLISECOND", t) == .int(999))
        #expect(extract("DOW", t) == .int(4))
        #expect(extract("WEEK", t) == .int(1))
        #expect(extract("ISOYEAR", t) == .int(1970))
    }

    @Test func isoWeeksAndLeapYears() {
        #expect(extract("WEEK", "2021-01-03") == .int(53))  // a Sunday, still in 2020's last week
        #expect(extract("ISOYEAR", "2021-01-03") == .int(2020))
        #expect(extract("WEEK", "2024-12-30") == .int(1))  // a Monday, already 2025's first week
        #expect(extract("DOY", "2024-12-31") == .int(366))
        #expect(extract("DOY", "2023-12-31") == .int(365))
        #expect(extract("DOY", "2000-12-31") == .int(366))
        #expect(extract("DOW", "2024-03-03") == .int(1))  // Sunday
        #expect(extract("DOW", "2024-03-09") == .int(7))  // Saturday
    }

    @Test func roundsToUnits() {
        let t = "2024-02-29 13:45:30.250"
        #expect(floor(t, "SECOND") == stamp("2024-02-29 13:45:30"))
        #expect(ceil(t, "SECOND") == stamp("2024-02-29 13:45:31"))
        #expect(floor(t, "MINUTE") == stamp("2024-02-29 13:45:00"))
        #expect(ceil(t, "HOUR") == stamp("2024-02-29 14:00:00"))
        #expect(ceil(t, "DAY") == stamp("2024-03-01"))
        #expect(floor(t, "WEEK") == stamp("2024-02-25"))  // weeks start on Sunday
        #expect(ceil(t, "WEEK") == stamp("2024-03-03"))
        #expect(floor(t, "MONTH") == stamp("2024-02-01"))
        #expect(ceil(t, "MONTH") == stamp("2024-03-01"))
        #expect(floor(t, "QUARTER") == stamp("2024-01-01"))
        #expect(ceil(t, "QUARTER") == stamp("2024-04-01"))
        #expect(ceil(t, "YEAR") == stamp("2025-01-01"))
    }

    @Test func ceilingOfABoundaryIsItself() {
        #expect(ceil("2024-03-01", "MONTH") == stamp("2024-03-01"))
        #expect(ceil("2024-01-01", "YEAR") == stamp("2024-01-01"))
        // The first day of a month, but not its first instant: the next month.
        #expect(ceil("2024-03-01 10:00:00", "MONTH") == stamp("2024-04-01"))
    }

    @Test func roundingBefore1970() {
        let t = "1969-12-31 23:59:59.999"
        #expect(floor(t, "SECOND") == stamp("1969-12-31 23:59:59"))
        #expect(ceil(t, "SECOND") == stamp("1970-01-01"))
        #expect(floor(t, "DAY") == stamp("1969-12-31"))
        #expect(floor(t, "MONTH") == stamp("1969-12-01"))
        #expect(ceil(t, "MONTH") == stamp("1970-01-01"))
        #expect(floor("1970-01-01 12:00:00", "WEEK") == stamp("1969-12-28"))
    }

    @Test func differencesTruncateTowardZero() {
        let a = "2024-02-29 13:45:30.250", b = "2024-03-31 00:00:00"
        #expect(diff("SECOND", a, b) == .int(2_628_869))
        #expect(diff("SECOND", b, a) == .int(-2_628_869))
        #expect(diff("DAY", a, b) == .int(30))
        #expect(diff("DAY", b, a) == .int(-30))
        #expect(diff("WEEK", a, b) == .int(4))
        #expect(diff("MONTH", a, b) == .int(1))
        #expect(diff("YEAR", a, b) == .int(0))
        #expect(diff("SECOND", "1969-12-31 23:59:59.999", "1970-01-01") == .int(0))
    }

    @Test func monthDifferencesAtMonthEnds() {
        // Jan 31 + 1 month is Feb 29; a month is complete only at the time of day it began.
        #expect(diff("MONTH", "2024-01-31 10:00:00", "2024-02-29 09:00:00") == .int(0))
        #expect(diff("MONTH", "2024-01-31 10:00:00", "2024-02-29 11:00:00") == .int(1))
        #expect(diff("MONTH", "2024-03-31", "2024-02-29") == .int(-1))
        #expect(diff("YEAR", "2024-02-29", "2025-02-28") == .int(1))
        #expect(diff("QUARTER", "2023-11-15", "2024-05-15") == .int(2))
        #expect(diff("MONTH", "1969-12-31", "1970-01-01") == .int(0))
        #expect(diff("MONTH", "1969-12-15", "1970-01-15") == .int(1))
    }

    @Test func addsUnits() {
        #expect(one(.timestampAdd, word("MONTH"), int(1), ts("2024-01-31 10:00:00"), type: .timestamp) == stamp("2024-02-29 10:00:00"))
        #expect(one(.timestampAdd, word("MONTH"), int(1), ts("2023-01-31"), type: .timestamp) == stamp("2023-02-28"))
        #expect(one(.timestampAdd, word("YEAR"), int(-1), ts("2024-02-29"), type: .timestamp) == stamp("2023-02-28"))
        #expect(one(.timestampAdd, word("DAY"), int(1), ts("2100-02-28"), type: .timestamp) == stamp("2100-03-01"))
        #expect(one(.timestampAdd, word("HOUR"), int(-1), ts("1970-01-01"), type: .timestamp) == stamp("1969-12-31 23:00:00"))
        #expect(one(.timestampAdd, word("SECOND"), int(Int64.max), ts("2024-01-01"), type: .timestamp) == .null)
        #expect(one(.timestampAdd, word("MONTH"), int(Int64.min), ts("2024-01-01"), type: .timestamp) == .null)
    }

    @Test func formatsPatterns() {
        let t = "2024-02-29 13:45:30.250"
        #expect(format(t, "yyyy-MM-dd HH:mm:ss") == .string("2024-02-29 13:45:30"))
        #expect(format(t, "yy/M/d H:m:s.SSS") == .string("24/2/29 13:45:30.250"))
        #expect(format(t, "yyyyMMdd'T'HHmm") == .string("20240229T1345"))
        #expect(format(t, "EEE, d MMM yyyy hh:mm a") == .string("Thu, 29 Feb 2024 01:45 PM"))
        #expect(format(t, "EEEE MMMM D S") == .string("Thursday February 60 2"))
        #expect(format(t, "'o''clock' k K") == .string("o'clock 13 1"))
        #expect(format("1969-12-31 23:59:59.999", "yyyy-MM-dd HH:mm:ss.SSS") == .string("1969-12-31 23:59:59.999"))
        #expect(format("0001-01-01", "yyyy") == .string("0001"))
        #expect(format("2024-01-01 00:05:00", "h:mm a") == .string("12:05 AM"))
        #expect(one(.dateFormat, ts(t), text("yyyy-MM-dd ["), type: .varchar) == .null)
        #expect(one(.dateFormat, .literal(.timestamp(Int64.max), type: .timestamp), text("yyyy"), type: .varchar) == .string("+292278994"))
    }

    @Test func patternsThatDoNotCompile() {
        #expect(throws: DateTimePatternError.self) { _ = try DateTimePattern("yyyy-MM-dd 'T") }
        #expect(throws: DateTimePatternError.self) { _ = try DateTimePattern("ddd") }
        #expect(throws: DateTimePatternError.self) { _ = try DateTimePattern("YYYY") }
        #expect(throws: DateTimePatternError.self) { _ = try DateTimePattern("yyyy[-MM]") }
        #expect((try? DateTimePattern("EEE d"))?.parseLimitation != nil)
    }

    @Test func parsesTimestampsAsFlinkDoes() {
        func parse(_ s: String) -> Value { one(.toTimestamp, text(s), type: .timestamp) }
        func parse(_ s: String, _ p: String) -> Value { one(.toTimestamp, text(s), text(p), type: .timestamp) }
        #expect(parse("2024-01-01 10:00:00") == stamp("2024-01-01 10:00:00"))
        #expect(parse("2024-1-5") == stamp("2024-01-05"))
        #expect(parse("2024-01-01 1:2:3.45678") == stamp("2024-01-01 01:02:03.456"))
        #expect(parse("2023-02-30") == stamp("2023-02-28"))  // clamped, as Java's SMART resolver
        #expect(parse("2024-01-01T10:00:00") == .null)
        #expect(parse("2024-01-01 10:00") == .null)
        #expect(parse("") == .null)
        #expect(parse("05/03/2024 07:08", "dd/MM/yyyy HH:mm") == stamp("2024-03-05 07:08:00"))
        #expect(parse("20240305", "yyyyMMdd") == stamp("2024-03-05"))
        #expect(parse("2024-3-5 7", "yyyy-M-d H") == stamp("2024-03-05 07:00:00"))
        #expect(parse("07:30 PM", "hh:mm a") == stamp("1970-01-01 19:30:00"))
        #expect(parse("12 Mar 24", "dd MMM yy") == stamp("2024-03-12"))
        #expect(parse("2024-03-05 10:00:00.5", "yyyy-MM-dd HH:mm:ss.S") == stamp("2024-03-05 10:00:00.500"))
        // Text that misses the pattern is read once more in the default form.
        #expect(parse(" 2024-01-01 10:00:00 ", "yyyy/MM/dd") == stamp("2024-01-01 10:00:00"))
        #expect(parse("2024/13/01", "yyyy/MM/dd") == .null)
        #expect(parse("2024-03-05", "yyyy-MM-dd HH") == stamp("2024-03-05"))
        #expect(parse("x", "EEE") == .null)
    }

    @Test func columnsWithNullsAndExtremeValues() {
        let column = Column(
            type: .timestamp, values: .ints([Int64.max, Int64.min, 0, -1, 42]), validity: [true, true, true, true, false])
        let input = ScalarExpr.column(index: 0, type: .timestamp)
        let batch = Batch(columns: [column], rowCount: 5)
        let units = TimeUnit.allCases.map(\.rawValue)
        for unit in units {
            let kernels = [
                ScalarExpr.call(.extract, args: [word(unit), input], type: .bigint),
                .call(.floor, args: [input, word(unit)], type: .timestamp),
                .call(.ceil, args: [input, word(unit)], type: .timestamp),
                .call(.timestampDiff, args: [word(unit), input, ts("2024-01-01")], type: .bigint),
                .call(.timestampDiff, args: [word(unit), ts("2024-01-01"), input], type: .bigint),
                .call(.timestampAdd, args: [word(unit), int(Int64.max), input], type: .timestamp),
                .call(.timestampAdd, args: [word(unit), int(-3), input], type: .timestamp),
            ].map(ExprCompiler.compile)
            for k in kernels {
                let out = k(batch)
                #expect(out.count == 5)
                #expect(out.isNull(4), "\(unit)")
            }
        }
        let formatted = ExprCompiler.compile(.call(.dateFormat, args: [input, text("yyyy-MM-dd HH:mm:ss.SSS EEE")], type: .varchar))(batch)
        #expect(formatted.value(at: 3) == .string("1969-12-31 23:59:59.999 Wed"))
        #expect(formatted.isNull(4))
    }

    @Test func patternsFromDataCompileOrGiveNull() {
        let patterns = Column(type: .varchar, values: .strings(["yyyy", "'open", "HH:mm", ""]), validity: [true, true, true, false])
        let stamps = Column(type: .timestamp, values: .ints([0, 0, 0, 0]))
        let batch = Batch(columns: [stamps, patterns], rowCount: 4)
        let out = ExprCompiler.compile(
            .call(.dateFormat, args: [.column(index: 0, type: .timestamp), .column(index: 1, type: .varchar)], type: .varchar))(batch)
        #expect((0..<4).map { out.value(at: $0) } == [.string("1970"), .null, .string("00:00"), .null])
    }
}
