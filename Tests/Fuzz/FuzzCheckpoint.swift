// Fuzz target: reading checkpoints back, as `eddy run --recover` does, for a fixed job
// with every kind of stateful operator. The first byte picks what the rest is:
//   0: a checkpoint file as it lies on disk (magic, version, binding, length, checksum,
//      payload), read by DurableFile.readFramed under the binding byte 1 picks, and its
//      payload decoded as metadata or operator state;
//   1: a whole checkpoint, its payloads separated by `partSeparator`: the metadata, then
//      the state of each stateful node in plan order. They are framed into a checkpoint
//      folder and read by CheckpointStore, checked against the job's files, restored into
//      a pipeline, a file sink is recovered to the committed length, and the sources
//      resume from the recorded positions;
//   2: the state of one operator (byte 1 picks it and a worker share), decoded, encoded
//      again (it must read back the same), restored, and driven with sample events.
// A damaged or hostile checkpoint must be refused with an error, never trap.

import EddyCore
import EddyEngine
import EddyRuntime
import EddySQL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

private let script = """
    CREATE SOURCE bids (auction BIGINT, bidder VARCHAR, price DOUBLE, qty BIGINT, ok BOOLEAN, ts TIMESTAMP(3),
      WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'file', 'path' = 'bids.jsonl', 'format' = 'json');
    CREATE SOURCE asks (auction BIGINT, seller VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)
      WITH ('connector' = 'file', 'path' = 'asks.jsonl', 'format' = 'json');
    CREATE TABLE sellers (seller VARCHAR, country VARCHAR, PRIMARY KEY (seller) NOT ENFORCED)
      WITH ('connector' = 'file', 'path' = 'sellers.jsonl', 'format' = 'json');
    CREATE SINK out WITH ('connector' = 'file', 'path' = 'out.jsonl', 'format' = 'json');
    INSERT INTO out
    SELECT auction, window_start, COUNT(*) AS n, SUM(price) AS total, MAX(bidder) AS top, AVG(qty) AS q,
      COUNT(DISTINCT bidder) AS bidders
    FROM TUMBLE(bids, ts, INTERVAL '10' SECOND) GROUP BY auction, window_start, window_end;
    SELECT bidder, window_start, COUNT(*) FROM SESSION(bids PARTITION BY bidder, ts, INTERVAL '5' SECOND)
    GROUP BY bidder, window_start, window_end;
    SELECT window_end, MIN(price), MAX(ts) FROM HOP(bids, ts, INTERVAL '5' SECOND, INTERVAL '20' SECOND)
    GROUP BY window_start, window_end;
    SELECT window_end, SUM(qty) FROM CUMULATE(bids, ts, INTERVAL '5' SECOND, INTERVAL '20' SECOND)
    GROUP BY window_start, window_end;
    SELECT bidder, COUNT(*), SUM(qty), MIN(price), MAX(bidder), AVG(price) FROM bids GROUP BY bidder;
    SELECT DISTINCT bidder FROM bids;
    SELECT auction, price, rn FROM (
      SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rn FROM bids) WHERE rn <= 2;
    SELECT window_start, auction, total, rn FROM (
      SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY total DESC) AS rn
      FROM (SELECT auction, window_start, window_end, SUM(price) AS total FROM TUMBLE(bids, ts, INTERVAL '10' SECOND)
            GROUP BY auction, window_start, window_end)) WHERE rn <= 3;
    SELECT b.auction, a.seller FROM bids b JOIN asks a ON b.auction = a.auction;
    SELECT b.auction, a.seller FROM bids b LEFT JOIN asks a
      ON b.auction = a.auction AND a.ts BETWEEN b.ts - INTERVAL '5' SECOND AND b.ts + INTERVAL '5' SECOND;
    SELECT a.auction, s.country FROM asks a JOIN sellers FOR SYSTEM_TIME AS OF a.ts AS s ON a.seller = s.seller;
    SELECT l.auction, l.window_start, l.n, r.m FROM
      (SELECT auction, window_start, window_end, COUNT(*) AS n FROM TUMBLE(bids, ts, INTERVAL '10' SECOND)
       GROUP BY auction, window_start, window_end) l
      JOIN (SELECT auction, window_start, window_end, COUNT(*) AS m FROM TUMBLE(asks, ts, INTERVAL '10' SECOND)
       GROUP BY auction, window_start, window_end) r
      ON l.auction = r.auction AND l.window_start = r.window_start AND l.window_end = r.window_end;
    SET 'state.ttl' = '1 h';
    """

/// Separates the payloads of a whole checkpoint (mode 1).
private let partSeparator: [UInt8] = Array("\n--EDDY-PART--\n".utf8)

/// This process's folder (the fuzzer writes checkpoint files and the job's files there).
private let folder: String = {
    let f = fuzzScratch + "/checkpoint-\(getpid())"
    FileSystem.createDirectory(f)
    return f
}()

/// The job, compiled once, and the ids of its stateful nodes in plan order.
private let job: (graph: JobGraph, stateful: [Int]) = {
    let prepared: PreparedScript
    do {
        prepared = try ScriptRunner.prepare(SourceText(name: "checkpoint-job.sql", text: script), baseDirectory: folder)
    } catch let e as ScriptDiagnostics {
        fatalError("the fuzz job does not analyze:\n\(e.render())")
    } catch {
        fatalError("the fuzz job does not analyze: \(error)")
    }
    do {
        let graph = try JobCompiler.compile(prepared.queries, settings: prepared.session.catalog.settings)
        let pipeline = try collectingPipeline(graph)
        let stateful = try pipeline.snapshotState().operators.keys.sorted()
        // The sources' files, for the checks against recorded positions and resuming, and
        // the file sink's output, for the check against its committed length.
        writeFile(Array("{\"n\": 1}\n{\"n\": 2}\n{\"n\": 3}\n".utf8), to: folder + "/out.jsonl")
        for node in graph.nodes {
            if case .source(let s) = node.spec {
                writeFile(Array((sampleLines(s.fields, rows: 8, seed: node.id).joined(separator: "\n") + "\n").utf8), to: s.path)
            }
        }
        return (graph, stateful)
    } catch {
        fatalError("the fuzz job does not plan: \(error)")
    }
}()

private let checkpointName = "chk-000001"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpoint(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    let input = bytes(data, size)
    switch input[0] % 3 {
    case 0: readFile(Array(input[2...]), binding: Int(input[1]))
    case 1: recover(parts(Array(input[1...])))
    default: restoreOne(Array(input[2...]), choice: Int(input[1]))
    }
    return 0
}

/// Mode 0: a file as it lies on disk.
private func readFile(_ file: [UInt8], binding choice: Int) {
    let bindings = [checkpointName + "/_metadata"] + job.stateful.map { "\(checkpointName)/op-\($0)" }
    let binding = bindings[choice % bindings.count]
    let path = folder + "/framed"
    writeFile(file, to: path)
    guard let payload = try? DurableFile.readFramed(path, binding: binding) else { return }
    if choice % bindings.count == 0 {
        _ = try? CheckpointMetadata.decode(payload)
    } else {
        _ = try? OperatorState.decode(payload)
    }
}

/// Mode 1: a whole checkpoint, read, checked and restored the way a recovering run does.
private func recover(_ payloads: [[UInt8]]) {
    let directory = folder + "/checkpoints"
    let chk = directory + "/" + checkpointName
    DurableFile.removeFolder(chk)
    FileSystem.createDirectory(directory)
    FileSystem.createDirectory(chk)
    for (i, payload) in payloads.enumerated() {
        let name = i == 0 ? "_metadata" : "op-\(job.stateful[(i - 1) % job.stateful.count])"
        do {
            try DurableFile.writeFramed(payload, to: chk + "/" + name, binding: checkpointName + "/" + name)
        } catch {
            fatalError("cannot write \(chk)/\(name): \(error)")
        }
    }
    guard let snapshot = try? CheckpointStore(directory: directory).read(checkpointName) else { return }
    _ = CheckpointStore(directory: directory).list()
    do {
        try snapshot.checkFiles(of: job.graph)
        let pipeline = try collectingPipeline(job.graph)
        try pipeline.restoreState(
            progress: snapshot.metadata.progress, operators: snapshot.operators.mapValues { $0.share(worker: 0, of: 1) })
        // The file sink's output is cut back to what the checkpoint committed.
        if let commit = snapshot.metadata.sinks["out"] {
            let path = folder + "/sink/out.jsonl"
            defer { DurableFile.removeFolder(folder + "/sink") }
            let sink = try TransactionalFileSink(name: "out", path: path, names: ["n"], changelog: false, fresh: false)
            try sink.recover(commit)
        }
        // Each source resumes where the checkpoint says it had read.
        for (id, spec) in pipeline.sourceNodes {
            let source = try FileSource(spec: spec, position: snapshot.metadata.sources[spec.name] ?? .start)
            try pipeline.push(source: id, try source.nextBatch(maxRows: 16))
            _ = source.position
        }
        try drive(pipeline, seed: payloads.count)
    } catch {}
}

/// Mode 2: one operator's state.
private func restoreOne(_ payload: [UInt8], choice: Int) {
    guard let state = try? OperatorState.decode(payload) else { return }
    let again = try? OperatorState.decode(state.encoded())
    require(
        again.map { $0.global == state.global && $0.workerGlobals == state.workerGlobals && $0.data == state.data && $0.bounds == state.bounds && $0.groups == state.groups } ?? false,
        "operator state does not read back from its own encoding")
    let node = job.stateful[choice % job.stateful.count]
    let workers = 1 + (choice / job.stateful.count) % 3
    let share = state.share(worker: workers - 1, of: workers)
    do {
        let pipeline = try collectingPipeline(job.graph)
        try pipeline.restoreState(progress: [:], operators: [node: share])
        try drive(pipeline, seed: payload.count)
    } catch {}
}

private func parts(_ bytes: [UInt8]) -> [[UInt8]] {
    var out: [[UInt8]] = []
    var start = 0, i = 0
    while i + partSeparator.count <= bytes.count {
        if bytes[i..<(i + partSeparator.count)].elementsEqual(partSeparator) {
            out.append(Array(bytes[start..<i]))
            i += partSeparator.count
            start = i
        } else {
            i += 1
        }
    }
    out.append(Array(bytes[start...]))
    return Array(out.prefix(1 + job.stateful.count))
}

// MARK: - Seeds

/// Checkpoints of the job taken after one and two rounds of sample events (and one with a
/// committed file sink), in each of the three forms.
func fuzzSeeds(repo: String) -> [(String, [UInt8])] {
    var seeds: [(String, [UInt8])] = []
    for rounds in 1...3 {
        let directory = folder + "/seed-checkpoints-\(rounds)"
        DurableFile.removeFolder(directory + "/" + checkpointName)
        do {
            let pipeline = try collectingPipeline(job.graph)
            for round in 0..<rounds {
                for (id, spec) in pipeline.sourceNodes {
                    try pipeline.push(source: id, decodeBatch(sampleLines(spec.fields, rows: 6 + round, seed: round * 5), spec))
                }
            }
            let coordinator = try CheckpointCoordinator(config: CheckpointConfig(directory: directory, planText: "fuzz job"))
            var positions: [String: SourcePosition] = [:]
            for (_, spec) in pipeline.sourceNodes { positions[spec.name] = SourcePosition(byteOffset: Int64(40 * rounds), lineNumber: rounds + 1) }
            try coordinator.take(pipelines: [pipeline], positions: positions, savepoint: rounds == 3)
        } catch {
            fatalError("cannot take a seed checkpoint: \(error)")
        }
        let name = CheckpointStore(directory: directory).completed().last ?? checkpointName
        let chk = directory + "/" + name
        guard let metadataFile = try? TextFile.readBytes(chk + "/_metadata"),
            var metadata = try? CheckpointMetadata.decode(DurableFile.readFramed(chk + "/_metadata", binding: name + "/_metadata"))
        else { fatalError("cannot read the seed checkpoint \(chk)") }
        if rounds == 2 { metadata.sinks["out"] = SinkCommit(finalLength: 10, stagedLength: 0, segment: 1) }
        var whole: [UInt8] = [1] + metadata.encoded()
        seeds.append(("file-metadata-\(rounds)", [0, 0] + metadataFile))
        seeds.append(("metadata-\(rounds)", [1] + metadata.encoded()))
        for (i, node) in job.stateful.enumerated() {
            let path = "\(chk)/op-\(node)"
            guard let file = try? TextFile.readBytes(path), let payload = try? DurableFile.readFramed(path, binding: "\(name)/op-\(node)")
            else { continue }
            seeds.append(("file-op\(node)-\(rounds)", [0, UInt8(i + 1)] + file))
            seeds.append(("state-op\(node)-\(rounds)", [2, UInt8(i)] + payload))
            whole += partSeparator + payload
        }
        seeds.append(("checkpoint-\(rounds)", whole))
    }
    return seeds
}

func fuzzDictionary() -> [String] {
    [
        String(decoding: partSeparator, as: UTF8.self), "EDDYCKPT", "EDDYCKPT\u{3}", "EDDYCKPT\u{2}", "\u{7f}",
        checkpointName + "/_metadata", "out", "bids", "asks", "sellers",
    ] + job.stateful.map { "\(checkpointName)/op-\($0)" }
}
