// Shared by every fuzz target (Tests/Fuzz/Fuzz*.swift): seed writing, a sandbox for
// anything a plan would write, and sample events to drive a pipeline with.
//
// Each target defines `LLVMFuzzerTestOneInput` and two functions used here:
// `fuzzSeeds(repo:)`, the seed inputs it derives from the repository (test files,
// examples, compiled plans), and `fuzzDictionary()`, tokens for libFuzzer's `-dict`.

import EddyCore
import EddyEngine
import EddyRuntime

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where targets may write files (the checkpoint target's framed files, the late rows of
/// a plan): `$EDDY_FUZZ_TMP`, else the working folder, which fuzz.sh sets to a scratch
/// folder under .build-fuzz.
let fuzzScratch: String = {
    let folder = getenv("EDDY_FUZZ_TMP").map { String(cString: $0) } ?? "."
    FileSystem.createDirectory(folder)
    return folder
}()

/// With `EDDY_FUZZ_WRITE_SEEDS=<folder>` (and `EDDY_FUZZ_REPO=<checkout>`) the binary
/// writes its seed inputs into the folder, its dictionary next to it as `<folder>.dict`,
/// and exits instead of fuzzing.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutableRawPointer) -> CInt {
    guard let out = getenv("EDDY_FUZZ_WRITE_SEEDS").map({ String(cString: $0) }) else { return 0 }
    let repo = getenv("EDDY_FUZZ_REPO").map { String(cString: $0) } ?? "."
    FileSystem.createDirectory(out)
    var written = 0
    for (name, bytes) in fuzzSeeds(repo: repo) where !bytes.isEmpty {
        writeFile(bytes, to: out + "/" + name)
        written += 1
    }
    let dictionary = fuzzDictionary().map { "\"" + escapeForDictionary($0) + "\"" }
    writeFile(Array((Set(dictionary).sorted().joined(separator: "\n") + "\n").utf8), to: out + ".dict")
    print("wrote \(written) seeds to \(out)")
    exit(written > 0 ? 0 : 1)
}

func writeFile(_ bytes: [UInt8], to path: String) {
    guard let file = fopen(path, "wb") else { fatalError("cannot write \(path)") }
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
}

/// A token as libFuzzer's dictionary format spells it: printable ASCII, `\\`, `\"` and
/// `\xNN` for the rest.
private func escapeForDictionary(_ s: String) -> String {
    var out = ""
    for b in s.utf8 {
        switch b {
        case UInt8(ascii: "\\"): out += "\\\\"
        case UInt8(ascii: "\""): out += "\\\""
        case 32...126: out.append(Character(Unicode.Scalar(b)))
        default:
            let hex = String(b, radix: 16, uppercase: true)
            out += "\\x" + (hex.count == 1 ? "0" : "") + hex
        }
    }
    return out
}

/// The files directly in `folder` whose names end with `suffix`, sorted, as paths.
func repoFiles(_ folder: String, suffix: String) -> [String] {
    Directory.list(folder).filter { $0.hasSuffix(suffix) }.sorted().map { folder + "/" + $0 }
}

/// The folders directly in `folder`, sorted, as paths.
func repoFolders(_ folder: String) -> [String] {
    Directory.list(folder).sorted().map { folder + "/" + $0 }.filter { Directory.isDirectory($0) }
}

/// A seed name from a path and a number (no slashes).
func seedName(_ prefix: String, _ path: String, _ n: Int) -> String {
    prefix + "-" + FileSystem.fileName(of: path).replacing(".", with: "_") + "-\(n)"
}

/// SQL scripts from the repository: the examples' scripts whole, and each statement,
/// query and EXPLAIN of the conformance tests preceded by the statements before it that
/// declared sources, views, sinks and settings (so that it analyzes as it did there).
func repoScripts(repo: String) -> [(name: String, text: String)] {
    var scripts: [(name: String, text: String)] = []
    for folder in repoFolders(repo + "/examples") {
        for path in repoFiles(folder, suffix: ".sql") {
            if let text = try? TextFile.read(path) { scripts.append((seedName("example", path, 0), text)) }
        }
    }
    for path in repoFiles(repo + "/Tests/Conformance", suffix: ".slt") {
        guard let text = try? TextFile.read(path), let file = try? TestFile.parse(text) else { continue }
        var declarations: [String] = []
        for (n, record) in file.records.enumerated() {
            let body = record.body.joined(separator: "\n")
            switch record.kind {
            case .statementOK, .statementError, .query:
                scripts.append((seedName("slt", path, n), (declarations + [body]).joined(separator: ";\n")))
                let head = body.trimmingWhitespace().uppercased()
                if record.kind == .statementOK && (head.hasPrefix("CREATE") || head.hasPrefix("SET")) { declarations.append(body) }
            case .explain(let mode):
                let explain = "EXPLAIN " + (mode == "logical" ? "LOGICAL " : mode == "physical" ? "PHYSICAL " : "") + body
                scripts.append((seedName("slt", path, n), (declarations + [explain]).joined(separator: ";\n")))
            default:
                continue
            }
        }
    }
    return scripts
}

/// A check of the harness: unlike `precondition`, its message survives `-O`, so that
/// the crash report says which property failed.
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

/// The input as a byte array, for decoders that take one.
func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}

// MARK: - Running a plan on sample events

/// The graph with every file an operator would write redirected into the scratch folder:
/// a fuzzed plan or script may name any path (late rows of a window aggregate), and a
/// fuzzer must never write over files outside its scratch.
func sandboxed(_ graph: JobGraph) -> JobGraph {
    var g = graph
    for i in g.nodes.indices {
        switch g.nodes[i].spec {
        case .windowAggregate(var w) where w.lateOutputPath != nil:
            w.lateOutputPath = fuzzScratch + "/late-rows.jsonl"
            g.nodes[i].spec = .windowAggregate(w)
        case .localWindowAggregate(var w) where w.lateOutputPath != nil:
            w.lateOutputPath = fuzzScratch + "/late-rows.jsonl"
            g.nodes[i].spec = .localWindowAggregate(w)
        default:
            break
        }
    }
    return g
}

/// A pipeline whose every sink collects its rows in memory (no sink writes a file).
func collectingPipeline(_ graph: JobGraph, worker: Int = 0, workerCount: Int = 1) throws -> Pipeline {
    try Pipeline(graph: sandboxed(graph), worker: worker, workerCount: workerCount) { _, schema, _ in CollectSink(schema: schema) }
}

/// Values of each type at the edges of what the JSON decoder accepts, as JSON text.
private let sampleValues: [DataType: [String]] = [
    .bigint: ["0", "1", "-1", "9223372036854775807", "-9223372036854775808", "null", "42", "-42", "7"],
    .double: ["0.0", "1.5", "-2.25", "1e308", "-1e308", "null", "\"NaN\"", "\"-inf\"", "5e-324", "-0.0"],
    .varchar: [
        "\"\"", "\"a\"", "\"ann\"", "\"\\u00ff\\u20ac\\ud83d\\ude00\"", "\"2024-01-01 00:00:00\"", "null", "\"%_\\\\\"",
        "\"9223372036854775807\"", "\"1.5e3\"",
    ],
    .boolean: ["true", "false", "null", "true"],
    .timestamp: [
        "1704067200000", "1704067201000", "0", "-1", "253402300799999", "-62167219200000", "1704067260000", "null",
        "\"2024-01-01T00:00:05\"", "1704067200500",
    ],
    .interval: ["0", "1000", "-1000", "null"],
    .null: ["null"],
]

/// Sample JSON lines for `fields`: each column cycles through the edge values of its type
/// with a different stride, so that rows mix them.
func sampleLines(_ fields: [Field], rows: Int, seed: Int) -> [String] {
    (0..<rows).map { r in
        let members = fields.enumerated().map { c, f -> String in
            let values = sampleValues[f.type] ?? ["null"]
            let v = values[(r * (c + 1) + seed + c) % values.count]
            return "\"\(f.name)\": \(v)"
        }
        return "{" + members.joined(separator: ", ") + "}"
    }
}

/// Decodes lines the way a file source does (a watermarked source needs its event time);
/// lines the decoder refuses are skipped.
func decodeBatch(_ lines: [String], _ spec: SourceSpec) -> Batch {
    var decoder = JSONLineDecoder(fields: spec.fields, requiredField: spec.watermark?.column)
    for (i, line) in lines.enumerated() {
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBufferPointer { b in
            do throws(DecodeError) {
                try decoder.decodeLine(UnsafeBufferPointer(b), lineNumber: i + 1)
            } catch {}
        }
    }
    return decoder.finishBatch()
}

/// Pushes sample events into every source of the pipeline in two rounds, with processing
/// time moving on (state TTL), then ends the input so that every window fires. Errors
/// (PlanError and the like) are fine; a trap is what the fuzzer looks for.
func drive(_ pipeline: Pipeline, seed: Int, rows: Int = 6) throws {
    for round in 0..<2 {
        for (id, spec) in pipeline.sourceNodes {
            try pipeline.push(source: id, decodeBatch(sampleLines(spec.fields, rows: rows, seed: seed + round * 3), spec))
        }
        try pipeline.advanceProcessingTime(to: 1_704_067_200_000 + Int64(round) * 86_400_000)
    }
    try pipeline.endAllInputs()
    _ = try pipeline.snapshotState()
}
