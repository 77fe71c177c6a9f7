import EddyCore
import Testing

@testable import EddyRuntime

/// The fast path of the JSON decoder reads a line by the shape of the lines before it.
/// Whichever path reads a line, it must give the same values and the same errors: these
/// tests decode the same lines with the template and without, and compare.
@Suite("JSON lines decoder: the template path")
struct JSONLineTemplateTests {
    static let fields = [
        Field("ts", .timestamp), Field("user", .varchar), Field("n", .bigint), Field("x", .double),
        Field("ok", .boolean), Field("gap", .interval), Field("z", .null),
    ]

    @Test func linesOfOneShapeAreReadByTheTemplate() throws {
        let lines = (0..<100).map { #"{"ts":\#(1_700_000_000_000 + $0),"user":"u\#($0 % 7)","page":"/p","n":\#($0),"x":\#($0).5,"ok":true}"# }
        var decoder = JSONLineDecoder(fields: Self.fields, requiredField: 0)
        for (k, line) in lines.enumerated() {
            _ = Self.decode(Array(line.utf8), &decoder, lineNumber: k + 1)
        }
        #expect(decoder.linesByTemplate == 99)
        let rows = decoder.finishBatch().rows()
        #expect(rows[42] == [.timestamp(1_700_000_000_042), .string("u0"), .int(42), .double(42.5), .bool(true), .null, .null])
    }

    @Test func linesThatKeepChangingShapePauseTheTemplate() {
        var decoder = JSONLineDecoder(fields: Self.fields)
        for k in 0..<200 {
            let line = k % 2 == 0 ? #"{"n":\#(k),"x":1}"# : #"{"x":1,"n":\#(k)}"#
            _ = Self.decode(Array(line.utf8), &decoder, lineNumber: k + 1)
        }
        #expect(decoder.linesByTemplate == 0)
        #expect(decoder.finishBatch().rows().map { $0[2] } == (0..<200).map { .int(Int64($0)) })
    }

    /// Random lines, mostly of a few shapes, with every kind of value the general path
    /// takes or refuses: both paths give the same batches and errors, bit for bit.
    @Test(arguments: [(UInt64(1), 0), (2, 0), (3, -1), (4, 0), (5, -1)])
    func bothPathsAgreeOnRandomLines(seed: UInt64, required: Int) {
        var random = SplitMix(seed: seed)
        var shape = 0
        let lines = (0..<3000).map { _ in Self.randomLine(&random, shape: &shape) }
        let requiredField = required >= 0 ? required : nil
        var fast = JSONLineDecoder(fields: Self.fields, requiredField: requiredField)
        var general = JSONLineDecoder(fields: Self.fields, requiredField: requiredField)
        general.usesTemplates = false
        for (k, line) in lines.enumerated() {
            let a = Self.decode(line, &fast, lineNumber: k + 1)
            let b = Self.decode(line, &general, lineNumber: k + 1)
            #expect(a == b, "line \(k + 1): \(String(decoding: line, as: UTF8.self))")
            if k % 97 == 96 {
                let difference = Self.firstDifference(fast.finishBatch(), general.finishBatch())
                #expect(difference == nil, "batch ending at line \(k + 1): \(difference ?? "")")
            }
        }
        let difference = Self.firstDifference(fast.finishBatch(), general.finishBatch())
        #expect(difference == nil, "last batch: \(difference ?? "")")
        #expect(fast.linesByTemplate > 1000, "the fast path read \(fast.linesByTemplate) of 3000 lines")
    }

    // MARK: - Helpers

    /// Decodes one line from a buffer of exactly its bytes; the error's text, or nil.
    static func decode(_ line: [UInt8], _ decoder: inout JSONLineDecoder, lineNumber: Int) -> String? {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: line.count)
        defer { buffer.deallocate() }
        _ = buffer.initialize(from: line)
        do throws(DecodeError) {
            try decoder.decodeLine(UnsafeBufferPointer(buffer), lineNumber: lineNumber)
            return nil
        } catch {
            return "\(error.line): \(error.reason)"
        }
    }

    /// The first row where two batches differ, telling every value apart (a double by its
    /// bits: -0.0 is not 0.0); nil when they are the same.
    static func firstDifference(_ a: Batch, _ b: Batch) -> String? {
        guard a.rowCount == b.rowCount else { return "\(a.rowCount) rows against \(b.rowCount)" }
        func exact(_ batch: Batch, _ row: Int) -> [String] {
            batch.columns.map { column in
                if column.isNull(row) { return "NULL" }
                if case .doubles(let v) = column.values { return "\(v[row]) (bits \(v[row].bitPattern))" }
                return "\(column.value(at: row))"
            }
        }
        for row in 0..<a.rowCount where exact(a, row) != exact(b, row) {
            return "row \(row): \(exact(a, row)) against \(exact(b, row))"
        }
        return nil
    }

    /// A line of one of three shapes (the shape of the line before, mostly), sometimes
    /// changed: spaces, keys reordered, dropped or repeated, an unknown key, a broken or
    /// trailing byte.
    static func randomLine(_ r: inout SplitMix, shape: inout Int) -> [UInt8] {
        let shapes: [[String]] = [
            ["ts", "user", "page", "n", "x", "ok"],
            ["ts", "user", "x", "gap", "z", "meta"],
            ["user", "ts", "n"],
        ]
        if r.below(100) == 0 { shape = Int(r.below(UInt64(shapes.count))) }
        var keys = shapes[shape]
        switch r.below(200) {
        case 0: keys.swapAt(0, keys.count - 1)
        case 1: keys.removeLast()
        case 2: keys.append(keys[0])
        case 3: keys.append("extra")
        default: break
        }
        let spaced = r.below(100) == 0
        var out: [UInt8] = Array("{".utf8)
        for (k, key) in keys.enumerated() {
            if k > 0 { out += Array((spaced ? ", " : ",").utf8) }
            out += Array("\"\(key)\"\(spaced ? ": " : ":")".utf8)
            out += value(for: key, &r)
        }
        out += Array("}".utf8)
        switch r.below(200) {
        case 0: out.removeLast()
        case 1: out.append(32)
        case 2: out.insert(32, at: Int(r.below(UInt64(out.count))))
        case 3: out[Int(r.below(UInt64(out.count)))] = UInt8(r.below(128))
        default: break
        }
        return out
    }

    /// A value for `key`: mostly a plain one, one time in ten an odd one (escapes, other
    /// number forms, values out of range, the wrong type, broken literals).
    static func value(for key: String, _ r: inout SplitMix) -> [UInt8] {
        if r.below(100) == 0 { return Array("null".utf8) }
        let odd = r.below(10) == 0
        func pick(_ choices: [String]) -> String { choices[Int(r.below(UInt64(choices.count)))] }
        switch key {
        case "ts":
            guard odd else { return Array("\(1_700_000_000_000 + r.below(100_000))".utf8) }
            return Array(
                pick([
                    #""2024-01-0\#(1 + r.below(9))T10:00:0\#(r.below(10)).5Z""#, #""2024-13-01""#, #""2024\u002d01-01""#,
                    "\(300_000_000_000_000 + r.below(10))", "-\(r.below(70_000_000_000_000))", "1.7e12", "\(r.below(1000)).0",
                ]).utf8)
        case "user", "page":
            guard odd else { return Array("\"u\(r.below(10_000))\"".utf8) }
            if r.below(8) == 0 { return Array("\"x".utf8) + [0xFF, 0x22] }
            return Array(
                pick([
                    #""a\"b\\c""#, #""caf\u00e9""#, "\"\u{e9}t\u{e9} \u{1F600}\"", "\(r.below(100))", #"{"k":[1,"}"]}"#,
                    "\"" + String(repeating: "long", count: Int(r.below(20))) + "\"",
                ]).utf8)
        case "n", "gap":
            guard odd else { return Array("\(Int64(r.below(2_000_000)) - 1_000_000)".utf8) }
            return Array(
                pick([
                    "-\(r.next() >> 1)", "\(r.next() >> 1)0", "12.0", "12.5", "1e3", #"" 42 ""#, "-", "9223372036854775807",
                    "-9223372036854775808", "123456789012345678", "-123456789012345678",
                ]).utf8)
        case "x":
            guard odd else { return Array("\(r.below(1000)).\(r.below(100))".utf8) }
            return Array(
                pick([
                    "-0", "-0.0", "1.", "\(r.below(1000)).\(r.next() % 100_000_000_000_000)", "1.5e-3", "\(r.next())", #""2.25""#,
                    "0.1234567890123456789", ".5", "-\(r.below(1_000_000_000_000_000))", "123456789012.345",
                ]).utf8)
        case "ok":
            return Array((odd ? pick(["tru", "1", #""true""#, "falsey"]) : pick(["true", "false"])).utf8)
        case "z":
            return Array(pick(["\"s\"", "1", "[]", "true"]).utf8)
        default:
            return Array((odd ? "{" : pick([#"{"a":{"b":[1,2,{"c":"d"}]}}"#, "[1,2]", #""m""#, "3.5e2", "false"])).utf8)
        }
    }
}
