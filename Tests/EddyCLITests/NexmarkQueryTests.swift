import Foundation
import Testing

/// The Nexmark scripts of benchmarks/nexmark run over generated data and count every bid
/// where a query must.
@Suite("Nexmark queries")
struct NexmarkQueryTests {
    static let folder = ExampleTests.root + "/benchmarks/nexmark"

    static func sum(_ field: String, in lines: [String]) -> Int {
        lines.compactMap { line -> Int? in
            guard let r = line.range(of: "\"\(field)\": ") else { return nil }
            return Int(line[r.upperBound...].prefix { $0.isNumber })
        }.reduce(0, +)
    }

    @Test func everyScriptRunsAndCountsEveryBid() throws {
        let f = try ShellFixture()
        // 2,000 events at 100 a second: 20 s of event time, two 10-second windows and more.
        #expect(try f.runPiped("", arguments: ["gen", "nexmark", "--events", "2000", "--out", f.directory, "--rate", "100"]).status == 0)
        let bids = f.lines("bids.jsonl").count
        #expect(bids == 1840)
        let scripts = try FileManager.default.contentsOfDirectory(atPath: Self.folder).filter { $0.hasSuffix(".sql") }.sorted()
        #expect(scripts.count >= 22)
        for script in scripts {
            try FileManager.default.copyItem(atPath: Self.folder + "/" + script, toPath: f.path(script))
            let run = try f.runPiped("", arguments: ["run", f.path(script), "-q"])
            #expect(run.status == 0, "\(script): \(run.err)")
        }
        #expect(f.lines("out/q0.jsonl").count == bids)
        #expect(f.lines("out/q2.jsonl").allSatisfy { line in
            Int(line.dropFirst("{\"auction\": ".count).prefix { $0.isNumber }).map { $0 % 123 == 0 } == true
        })
        // Each bid is in one session and one tumbling window of its bidder.
        #expect(Self.sum("bid_count", in: f.lines("out/q11.jsonl")) == bids)
        #expect(Self.sum("bid_count", in: f.lines("out/q12.jsonl")) == bids)
        // q15's one day: its last update counts every bid.
        #expect(f.lines("out/q15.jsonl").last?.contains("\"total_bids\": \(bids),") == true)
        // q7: one highest bid (or a tie) in each of the two windows.
        #expect(f.lines("out/q7.jsonl").count >= 2)
    }
}
