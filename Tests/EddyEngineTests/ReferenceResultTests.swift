import EddyCore
@testable import EddyEngine
import EddyRuntime
import EddySQL
import Testing

/// Windowed aggregates over a generated log of 120,000 events, compared with a
/// straightforward computation of the same numbers. The events arrive out of order by
/// less than the watermark delay, so no event is late and every window must be exact.
@Suite("Exact results against a reference computation")
struct ReferenceResultTests {
    struct Event {
        var ts: Int64
        var user: String
        var amount: Int64
    }

    /// 120,000 events, 20 per second of event time, up to 1.5 s out of order, 500 users.
    static let events: [Event] = {
        var state: UInt64 = 7
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        return (0..<120_000).map { i in
            Event(ts: 1_700_000_000_000 + Int64(i) * 50 - Int64(next() % 1500), user: "u\(next() % 500)", amount: Int64(next() % 1000))
        }
    }()

    static func writeLog(_ folder: TempFolder) throws {
        var text = ""
        text.reserveCapacity(events.count * 60)
        for e in events { text += "{\"ts\": \(e.ts), \"user\": \"\(e.user)\", \"amount\": \(e.amount)}\n" }
        try folder.write("events.jsonl", text)
    }

    /// Runs one SELECT over the log and returns its rows as text, sorted.
    static func run(_ select: String, in folder: TempFolder) throws -> [String] {
        let script = """
            CREATE SOURCE events (ts TIMESTAMP(3), user VARCHAR, amount BIGINT, WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)
            WITH ('connector' = 'file', 'path' = 'events.jsonl', 'format' = 'json');
            \(select);
            """
        let prepared = try ScriptRunner.prepare(SourceText(name: "t.sql", text: script), baseDirectory: folder.path)
        let outcome = try runScript(prepared, batchSize: 1000)
        #expect(outcome.summary.lateRowsDropped == 0)
        guard let sink = outcome.selects.first?.sink else { return [] }
        return sink.rows.map { $0.map(\.displayText).joined(separator: " ") }.sorted()
    }

    /// Key → (count, sum, max) per window, computed directly.
    static func reference(windows: (Int64) -> [(Int64, Int64)]) -> [String] {
        struct Acc {
            var count: Int64 = 0
            var sum: Int64 = 0
            var max = Int64.min
        }
        var table: [String: Acc] = [:]
        for e in events {
            for (start, end) in windows(e.ts) {
                let key = "\(e.user) \(Timestamps.format(start)) \(Timestamps.format(end))"
                var a = table[key, default: Acc()]
                a.count += 1
                a.sum += e.amount
                a.max = max(a.max, e.amount)
                table[key] = a
            }
        }
        return table.map { "\($0.key) \($0.value.count) \($0.value.sum) \($0.value.max)" }.sorted()
    }

    @Test func tumblingWindows() throws {
        let folder = TempFolder()
        try Self.writeLog(folder)
        let actual = try Self.run(
            """
            SELECT user, window_start, window_end, COUNT(*), SUM(amount), MAX(amount)
            FROM TUMBLE(events, ts, INTERVAL '10' SECOND) GROUP BY user, window_start, window_end
            """, in: folder)
        let expected = Self.reference { ts in
            let start = ts - ((ts % 10_000) + 10_000) % 10_000
            return [(start, start + 10_000)]
        }
        #expect(actual.count == expected.count)
        #expect(actual == expected)
    }

    @Test func hoppingWindows() throws {
        let folder = TempFolder()
        try Self.writeLog(folder)
        let actual = try Self.run(
            """
            SELECT user, window_start, window_end, COUNT(*), SUM(amount), MAX(amount)
            FROM TABLE(HOP(TABLE events, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '15' SECOND))
            GROUP BY user, window_start, window_end
            """, in: folder)
        let expected = Self.reference { ts in
            let last = ts - ((ts % 5000) + 5000) % 5000
            return stride(from: last, to: ts - 15_000, by: -5000).map { ($0, $0 + 15_000) }
        }
        #expect(actual.count == expected.count)
        #expect(actual == expected)
    }

    @Test func cumulatingWindows() throws {
        let folder = TempFolder()
        try Self.writeLog(folder)
        let actual = try Self.run(
            """
            SELECT user, window_start, window_end, COUNT(*), SUM(amount), MAX(amount)
            FROM CUMULATE(events, ts, INTERVAL '10' SECOND, INTERVAL '1' MINUTE)
            GROUP BY user, window_start, window_end
            """, in: folder)
        let expected = Self.reference { ts in
            let base = ts - ((ts % 60_000) + 60_000) % 60_000
            let firstEnd = ts - ((ts % 10_000) + 10_000) % 10_000 + 10_000
            return stride(from: firstEnd, through: base + 60_000, by: 10_000).map { (base, $0) }
        }
        #expect(actual.count == expected.count)
        #expect(actual == expected)
    }
}
