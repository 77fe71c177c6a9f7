import EddyCore
import Testing

@testable import EddyRuntime

/// The column-at-a-time row encoders of file sinks write exactly the text of the boxed,
/// value-at-a-time formatters (`JSONText`, `CSVText`), whatever the values.
@Suite("Row encoders")
struct RowEncoderTests {
    static let names = ["n", "x", "b", "s", "t"]
    static let types: [DataType] = [.bigint, .double, .boolean, .varchar, .timestamp]

    /// Values at the edges of each writer: widths of integers, NULLs, strings to escape or
    /// quote and ones longer than a word copy, repeated and out-of-range timestamps.
    static let rows: [[Value]] = {
        let ints: [Value] = [.int(0), .int(-1), .int(9), .int(10), .int(99), .int(100), .int(.min), .int(.max), .int(-1_000_000_007), .null]
        let doubles: [Value] = [.double(1.5), .double(-0.25), .double(.nan), .double(.infinity), .null, .double(1e21)]
        let bools: [Value] = [.bool(true), .bool(false), .null]
        let strings: [Value] = [
            .string(""), .string("u42"), .string("say \"hi\""), .string("a,b"), .string("tab\there"), .string("\u{1}"),
            .string("é ✓ unicode"), .string("a string longer than thirty-two bytes, to be sure"), .string("line\nbreak"), .null,
        ]
        let times: [Value] = [
            .timestamp(0), .timestamp(0), .timestamp(1), .timestamp(-1), .timestamp(1_700_000_000_123), .timestamp(1_700_000_000_123),
            .timestamp(Timestamps.maxMillis), .timestamp(Timestamps.minMillis), .null, .timestamp(10_000),
        ]
        return (0..<40).map { i in
            [ints[i % ints.count], doubles[i % doubles.count], bools[i % bools.count], strings[i % strings.count], times[i % times.count]]
        }
    }()

    @Test func jsonRowsAreTheBoxedFormattersText() {
        let batch = Batch.fromRows(Self.rows, types: Self.types)
        var out: [UInt8] = []
        JSONRowEncoder(names: Self.names).append(batch, changelog: false, to: &out)
        let expected = Self.rows.map { JSONText.object(names: Self.names, values: $0) + "\n" }.joined()
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }

    @Test func jsonChangelogRowsCarryTheirOpAndSelectionIsHonoured() {
        let kinds: [RowKind] = (0..<Self.rows.count).map { [.insert, .updateBefore, .updateAfter, .delete][$0 % 4] }
        var batch = Batch.fromRows(Self.rows, types: Self.types, kinds: kinds)
        let live: [Int32] = [3, 4, 5, 17, 38]
        batch = Batch(columns: batch.columns, rowCount: batch.rowCount, selection: live, rowKinds: kinds)
        var out = Array("existing\n".utf8)
        JSONRowEncoder(names: Self.names).append(batch, changelog: true, to: &out)
        let expected = "existing\n" + live.map {
            JSONText.object(names: Self.names, values: Self.rows[Int($0)], op: kinds[Int($0)]) + "\n"
        }.joined()
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }

    @Test func csvFieldsAreQuotedOnlyWhenTheyMustBe() {
        let rows: [[Value]] = [
            [.int(.min), .double(2.5), .bool(true), .string("plain"), .timestamp(0)],
            [.null, .null, .null, .null, .null],
            [.int(7), .double(-1), .bool(false), .string("a,\"b\""), .timestamp(Timestamps.maxMillis + 1)],
        ]
        let batch = Batch.fromRows(rows, types: Self.types, kinds: [.insert, .delete, .updateAfter])
        var out: [UInt8] = []
        CSVRowEncoder().append(batch, changelog: true, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == """
            +I,-9223372036854775808,2.5,true,plain,1970-01-01T00:00:00
            -D,,,,,
            +U,7,-1.0,false,"a,""b\""",\(Timestamps.format(Timestamps.maxMillis + 1))

            """)
    }

    @Test func aWindowEndPastTheLastTimestampIsStillWritten() {
        let rows: [[Value]] = [[.int(1), .null, .null, .null, .timestamp(Timestamps.maxMillis + 5)]]
        var out: [UInt8] = []
        JSONRowEncoder(names: Self.names).append(Batch.fromRows(rows, types: Self.types), changelog: false, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == JSONText.object(names: Self.names, values: rows[0]) + "\n")
    }

    @Test func namesBeyondTheBatchsColumnsAreLeftOut() {
        let rows: [[Value]] = [[.int(1), .string("a")], [.int(2), .null]]
        let batch = Batch.fromRows(rows, types: [.bigint, .varchar])
        var out: [UInt8] = []
        JSONRowEncoder(names: ["n", "s", "extra"]).append(batch, changelog: true, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == rows.map { JSONText.object(names: ["n", "s"], values: $0, op: .insert) + "\n" }.joined())
    }
}
