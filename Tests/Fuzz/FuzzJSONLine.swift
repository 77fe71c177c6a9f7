// Fuzz target: the JSON lines decoder of file sources. The first byte picks a field
// layout (every column type, names that need escapes, with and without a required event
// time); the rest is split into lines as a file source splits them, and each line is
// decoded from a buffer of exactly its length (AddressSanitizer sees any read past it).
// Every few lines the batch is finished and checked: every column has a value per row,
// decoded timestamps are in the TIMESTAMP range, the event time is never NULL. Each line
// is also decoded by a new decoder, whose first line always takes the general path: the
// long-lived decoder (which reads lines by the shape of those before, when it can) must
// give the same error, or the same values bit for bit.

import EddyCore
import EddyEngine
import EddyRuntime

private let layouts: [(fields: [Field], required: Int?)] = [
    ([Field("user", .varchar), Field("price", .bigint), Field("ts", .timestamp)], nil),
    ([Field("a", .bigint), Field("b", .double), Field("c", .varchar), Field("d", .boolean), Field("e", .timestamp)], 4),
    ([Field("x", .double), Field("x y", .boolean), Field("\u{e9}", .timestamp), Field("", .bigint), Field("a\"b\\", .varchar)], 2),
    ([Field("t", .timestamp), Field("n", .bigint), Field("i", .interval), Field("z", .null), Field("d", .double)], 0),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONLine(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let layout = layouts[Int(data[0]) % layouts.count]
    var decoder = JSONLineDecoder(fields: layout.fields, requiredField: layout.required)
    let input = UnsafeBufferPointer(start: data + 1, count: size - 1)
    var decoded = 0
    var expected: [String] = []
    var lineNumber = 0
    for line in input.split(separator: 10, omittingEmptySubsequences: false) {
        lineNumber += 1
        // A buffer of exactly the line's bytes, so that a read past its end is caught.
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: line.count)
        _ = buffer.initialize(from: line)
        defer { buffer.deallocate() }
        let view = UnsafeBufferPointer(buffer)
        if JSONLineDecoder.isBlank(view) { continue }
        var general = JSONLineDecoder(fields: layout.fields, requiredField: layout.required)
        let generalError = decodeOne(view, &general, lineNumber)
        let error = decodeOne(view, &decoder, lineNumber)
        require(error == generalError, "line \(lineNumber): \(error.map(\.reason) ?? "decoded") but alone \(generalError.map(\.reason) ?? "decoded")")
        if let error {
            require(error.line == lineNumber, "the error names line \(error.line), not \(lineNumber)")
        } else {
            decoded += 1
            expected += exactRows(general.finishBatch())
        }
        require(decoder.pendingRows == decoded, "\(decoder.pendingRows) rows pending after \(decoded) decoded")
        if lineNumber % 3 == 0 {
            check(decoder.finishBatch(), rows: decoded, layout, expected: expected)
            decoded = 0
            expected = []
        }
    }
    check(decoder.finishBatch(), rows: decoded, layout, expected: expected)
    return 0
}

private func decodeOne(_ line: UnsafeBufferPointer<UInt8>, _ decoder: inout JSONLineDecoder, _ lineNumber: Int) -> DecodeError? {
    do throws(DecodeError) {
        try decoder.decodeLine(line, lineNumber: lineNumber)
        return nil
    } catch {
        return error
    }
}

/// A batch's rows as text that tells every value apart (a double by its bits).
private func exactRows(_ batch: Batch) -> [String] {
    (0..<batch.rowCount).map { r in
        batch.columns.map { column -> String in
            if case .doubles(let v) = column.values, !column.isNull(r) { return "d\(v[r].bitPattern)" }
            return "\(column.value(at: r))"
        }.joined(separator: "|")
    }
}

/// What every batch the decoder makes must satisfy.
private func check(_ batch: Batch, rows: Int, _ layout: (fields: [Field], required: Int?), expected: [String]) {
    require(batch.rowCount == rows, "a batch of \(batch.rowCount) rows from \(rows) records")
    require(exactRows(batch) == expected, "rows \(exactRows(batch)) but each line alone gives \(expected)")
    require(batch.columns.count == layout.fields.count, "a batch of \(batch.columns.count) columns")
    for (c, column) in batch.columns.enumerated() {
        require(column.count == rows, "column \(c) has \(column.count) values for \(rows) rows")
        require(column.validity.map { $0.count == rows } ?? true, "column \(c) has a validity of another length")
        require(column.type == layout.fields[c].type, "column \(c) is \(column.type)")
        for r in 0..<rows {
            switch column.value(at: r) {
            case .timestamp(let ms):
                require(Timestamps.isInRange(ms), "decoded a timestamp outside the TIMESTAMP range: \(ms)")
            case .null:
                require(c != layout.required, "the event time of row \(r) is NULL")
            default:
                break
            }
        }
    }
}

// MARK: - Seeds

/// The examples' event files and the events of the conformance tests, in chunks, under
/// each layout; and sample lines of each layout itself.
func fuzzSeeds(repo: String) -> [(String, [UInt8])] {
    var chunks: [(String, [String])] = []
    for folder in repoFolders(repo + "/examples") {
        for path in repoFiles(folder, suffix: ".jsonl") {
            guard let text = try? TextFile.read(path) else { continue }
            let lines = text.split(separator: "\n").prefix(40).map(String.init)
            for start in stride(from: 0, to: lines.count, by: 8) {
                chunks.append((seedName("example", path, start), Array(lines[start..<min(lines.count, start + 8)])))
            }
        }
    }
    for path in repoFiles(repo + "/Tests/Conformance", suffix: ".slt") {
        guard let text = try? TextFile.read(path), let file = try? TestFile.parse(text) else { continue }
        for (n, record) in file.records.enumerated() {
            if case .events = record.kind { chunks.append((seedName("slt", path, n), record.body)) }
        }
    }
    var seeds: [(String, [UInt8])] = []
    for (l, layout) in layouts.enumerated() {
        for (name, lines) in chunks {
            seeds.append(("\(name)-layout\(l)", [UInt8(l)] + Array(lines.joined(separator: "\n").utf8)))
        }
        for seed in 0..<4 {
            let spec = SourceSpec(name: "s", path: "s.jsonl", fields: layout.fields, watermark: nil)
            seeds.append(("sample-layout\(l)-\(seed)", [UInt8(l)] + Array(sampleLines(spec.fields, rows: 5, seed: seed).joined(separator: "\n").utf8)))
        }
    }
    return seeds
}

func fuzzDictionary() -> [String] {
    var words = layouts.flatMap { $0.fields.map { "\"" + $0.name + "\"" } }
    words += [
        "{", "}", "[", "]", ":", ",", "\"", "\\", "true", "false", "null", "\\u", "\\ud83d\\ude00", "\\u00e9", "\\n", "\\\"",
        "e+", "E-", ".", "-", "1e308", "5e-324", "-0", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "18446744073709551616", "0.1", "1.5", "NaN", "inf", "-Infinity", "253402300799999",
        "-62167219200000", "1704067200000", "\"2024-01-01T00:00:00Z\"", "\"2024-01-01 00:00:00.500\"", "+02:00", "-05:30",
        "T", "Z", "9999-12-31T23:59:59.999", "0000-01-01T00:00:00", "\"\\u0022a\\u005cb\"",
    ]
    return words
}
