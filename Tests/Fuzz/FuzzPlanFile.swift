// Fuzz target: compiled plan files (`eddy run --plan`). The input is read as a plan file:
// JSON decoded and validated by PlanFile.decode. A plan that validates must build a
// pipeline without a trap, encode back to the same graph, and run sample events through
// every source to the end of input: validation promises the runtime can run it.

import EddyCore
import EddyEngine
import EddyPlanner
import EddyRuntime
import EddySQL
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPlanFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let graph: JobGraph
    do {
        graph = try PlanFile.decode(Data(bytes: data, count: size), name: "fuzz.plan")
    } catch {
        return 0
    }
    // What `eddy compile` would write for this graph reads back as the same graph
    // (compared as text: a NaN literal is not equal to itself).
    if let text = try? PlanFile.encode(graph) {
        do {
            let again = try PlanFile.encode(PlanFile.decode(Data(text.utf8), name: "again.plan"))
            require(again == text, "a plan read back from its own encoding differs:\n\(text)")
        } catch {
            fatalError("a valid plan does not read back from its own encoding: \(error)\n\(text)")
        }
    }
    _ = PhysicalExplain(graph: graph, baseDirectory: "/plans").render()
    guard let pipeline = try? collectingPipeline(graph) else { return 0 }
    try? drive(pipeline, seed: size)
    return 0
}

// MARK: - Seeds

/// The plans of the examples and of the conformance tests' statements and queries, as
/// compact JSON (short seeds mutate faster than pretty-printed ones).
func fuzzSeeds(repo: String) -> [(String, [UInt8])] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    var seeds: [(String, [UInt8])] = []
    var seen = Set<JobGraph>()
    for script in repoScripts(repo: repo) {
        guard let prepared = try? ScriptRunner.prepare(SourceText(name: script.name, text: script.text), baseDirectory: "/data"),
            !prepared.queries.isEmpty,
            let graph = try? JobCompiler.compile(prepared.queries, settings: prepared.session.catalog.settings),
            seen.insert(graph).inserted,
            let json = try? encoder.encode(graph)
        else { continue }
        seeds.append((script.name, Array(json)))
    }
    return seeds
}

/// Every key and short string of the seeds' JSON, and the numbers validation cares about.
func fuzzDictionary() -> [String] {
    var words: Set<String> = [
        "{", "}", "[", "]", ":", ",", "null", "true", "false", "-1", "0", "1", "2", "32", "33", "128",
        "9223372036854775807", "-9223372036854775808", "253402300799999", "-62167219200000", "315569520000000",
        "1e308", "\"version\":1", "\"nodes\":[", "\"inputs\":[", "\"settings\":{",
    ]
    for (_, seed) in fuzzSeeds(repo: getenv("EDDY_FUZZ_REPO").map { String(cString: $0) } ?? ".") {
        var i = 0
        while i < seed.count {
            guard seed[i] == UInt8(ascii: "\"") else {
                i += 1
                continue
            }
            var j = i + 1
            while j < seed.count && seed[j] != UInt8(ascii: "\"") { j += seed[j] == UInt8(ascii: "\\") ? 2 : 1 }
            if j < seed.count && j - i < 40 { words.insert(String(decoding: seed[i...j], as: UTF8.self)) }
            i = j + 1
        }
    }
    return Array(words)
}
