import EddyCore
import Testing

@testable import EddyRuntime

/// Decodes `lines` into a batch of `fields`, or returns the first error.
private func decode(_ lines: [String], _ fields: [Field]) -> Result<Batch, DecodeError> {
    var decoder = JSONLineDecoder(fields: fields)
    for (i, line) in lines.enumerated() {
        var bytes = Array(line.utf8)
        let error: DecodeError? = bytes.withUnsafeMutableBufferPointer { buffer in
            do throws(DecodeError) {
                try decoder.decodeLine(UnsafeBufferPointer(buffer), lineNumber: i + 1)
                return nil
            } catch {
                return error
            }
        }
        if let error { return .failure(error) }
    }
    return .success(decoder.finishBatch())
}

private func rows(_ lines: [String], _ fields: [Field]) -> [[Value]] {
    (try? decode(lines, fields).get())?.rows() ?? []
}

@Suite("JSON lines decoder")
struct JSONLineDecoderTests {
    let fields = [Field("user", .varchar), Field("price", .bigint), Field("ts", .timestamp)]

    @Test func decodesOnlyTheRequestedFieldsInSchemaOrder() {
        let r = rows([#"{"ts": 1000, "other": [1, {"x": "}"}], "price": 42, "user": "ann"}"#], fields)
        #expect(r == [[.string("ann"), .int(42), .timestamp(1000)]])
    }

    /// Keys are first compared with the previous lines' keys at the same position; lines
    /// whose keys change order, are longer or shorter versions of known ones, are escaped
    /// or repeat still decode by name.
    @Test func keysAreMatchedByNameWhateverTheLinesBeforeThem() {
        let lines = [
            #"{"user": "a", "price": 1, "ts": 10}"#,
            #"{"user": "b", "price": 2, "ts": 20}"#,
            #"{"price": 3, "user": "c", "ts": 30}"#,
            #"{"users": "x", "pric": 9, "ts": 40, "user": "d"}"#,
            #"{"us\u0065r": "e", "price": 5, "ts": 50}"#,
            #"{"user": "f", "price": 6}"#,
            #"{"user": "g", "price": 7, "ts": 70, "extra": {"user": "no"}, "price": 8}"#,
            #"{"user":"h","price":9,"ts":90}"#,
            #"{ "user" : "i" , "price" : 10 , "ts" : 100 }"#,
            #"{"user": "j", "price": 11, "ts": 110}"#,
        ]
        let expected: [[Value]] = [
            [.string("a"), .int(1), .timestamp(10)], [.string("b"), .int(2), .timestamp(20)],
            [.string("c"), .int(3), .timestamp(30)], [.string("d"), .null, .timestamp(40)],
            [.string("e"), .int(5), .timestamp(50)], [.string("f"), .int(6), .null],
            [.string("g"), .int(8), .timestamp(70)], [.string("h"), .int(9), .timestamp(90)],
            [.string("i"), .int(10), .timestamp(100)], [.string("j"), .int(11), .timestamp(110)],
        ]
        #expect(rows(lines, fields) == expected)
        // Each line alone gives the same row as after the others.
        #expect(lines.map { rows([$0], fields).first ?? [] } == expected)
    }

    @Test func missingFieldsAndJSONNullAreSQLNull() {
        let r = rows([#"{"user": null}"#], fields)
        #expect(r == [[.null, .null, .null]])
    }

    @Test func timestampsAcceptEpochMillisAndISO8601() {
        let r = rows(
            [
                #"{"ts": 1704067201000}"#, #"{"ts": "2024-01-01T00:00:01"}"#, #"{"ts": "2024-01-01 00:00:01.500"}"#,
                #"{"ts": "2024-01-01T02:00:01+02:00"}"#, #"{"ts": "2024-01-01T00:00:01Z"}"#,
            ], [Field("ts", .timestamp)])
        #expect(r.map { $0[0] } == [1_704_067_201_000, 1_704_067_201_000, 1_704_067_201_500, 1_704_067_201_000, 1_704_067_201_000].map { .timestamp($0) })
    }

    @Test func stringEscapesAreResolved() {
        let r = rows([#"{"user": "a\"b\\c\nd\u00e9\ud83d\ude00"}"#], [Field("user", .varchar)])
        #expect(r == [[.string("a\"b\\c\nd\u{e9}😀")]])
    }

    @Test func numbersParseExactly() {
        let r = rows([#"{"d": 0.1, "i": -9223372036854775807}"#, #"{"d": 1e3, "i": 7}"#, #"{"d": -2.5E-3, "i": 0}"#],
            [Field("d", .double), Field("i", .bigint)])
        #expect(r == [[.double(0.1), .int(-9_223_372_036_854_775_807)], [.double(1000), .int(7)], [.double(-0.0025), .int(0)]])
    }

    @Test func booleansAndNumbersAsStrings() {
        let r = rows([#"{"b": true, "n": "12"}"#, #"{"b": false, "n": 3.0}"#], [Field("b", .boolean), Field("n", .bigint)])
        #expect(r == [[.bool(true), .int(12)], [.bool(false), .int(3)]])
    }

    @Test func aNonStringValueInAVarcharFieldKeepsItsJSONText() {
        let r = rows([#"{"v": {"a": [1, 2]}}"#, #"{"v": 12.5}"#], [Field("v", .varchar)])
        #expect(r == [[.string(#"{"a": [1, 2]}"#)], [.string("12.5")]])
    }

    @Test func duplicateKeysKeepTheLastValue() {
        #expect(rows([#"{"price": 1, "price": 2}"#], [Field("price", .bigint)]) == [[.int(2)]])
    }

    @Test(arguments: [
        (#"{"price": "abc"}"#, "field 'price': expected BIGINT, found \"abc\""),
        (#"{"price": 1.5}"#, "field 'price': expected BIGINT, found 1.5"),
        (#"{"price": 1"#, "record ends before its closing '}'"),
        (#"[1, 2]"#, "expected a JSON object, found '['"),
        (#"{"user": "unterminated}"#, "unterminated string starting at column 10"),
        (#"{"ts": "yesterday"}"#, "field 'ts': 'yesterday' is not a timestamp (expected ISO-8601 or epoch milliseconds)"),
        (#"{"price": 1} trailing"#, "unexpected text after the record at column 14"),
    ])
    func malformedLinesAreReportedWithAReason(line: String, reason: String) {
        guard case .failure(let e) = decode(["{}", line], fields) else {
            Issue.record("expected an error for \(line)")
            return
        }
        #expect(e.line == 2)
        #expect(e.reason == reason)
    }

    @Test func aFailedLineLeavesNoPartialRow() {
        var decoder = JSONLineDecoder(fields: fields)
        var bad = Array(#"{"user": "x", "price": "oops"}"#.utf8)
        var good = Array(#"{"user": "y", "price": 5}"#.utf8)
        bad.withUnsafeMutableBufferPointer { b in
            do throws(DecodeError) { try decoder.decodeLine(UnsafeBufferPointer(b), lineNumber: 1) } catch {}
        }
        good.withUnsafeMutableBufferPointer { b in
            do throws(DecodeError) { try decoder.decodeLine(UnsafeBufferPointer(b), lineNumber: 2) } catch {}
        }
        #expect(decoder.finishBatch().rows() == [[.string("y"), .int(5), .null]])
    }

    /// Found by fuzzing: a repeated key whose second value was malformed rolled back two
    /// values of its column, one of them the previous record's, leaving a batch whose
    /// column was shorter than its row count.
    @Test func aRepeatedKeyWithAMalformedValueLeavesEarlierRecordsWhole() {
        var decoder = JSONLineDecoder(fields: fields)
        for (n, line) in [#"{"user": "a", "price": 7}"#, #"{"price": 1, "price": .}"#, #"{"user": "b"}"#].enumerated() {
            var bytes = Array(line.utf8)
            bytes.withUnsafeMutableBufferPointer { b in
                do throws(DecodeError) { try decoder.decodeLine(UnsafeBufferPointer(b), lineNumber: n + 1) } catch {}
            }
        }
        let batch = decoder.finishBatch()
        #expect(batch.columns.allSatisfy { $0.count == batch.rowCount })
        #expect(batch.columns[1].count == 2)
        if batch.columns.allSatisfy({ $0.count == batch.rowCount }) {
            #expect(batch.rows() == [[.string("a"), .int(7), .null], [.string("b"), .null, .null]])
        }
    }
}
