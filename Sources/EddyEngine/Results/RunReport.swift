import EddyCore
import EddyRuntime

/// The end-of-run summary on stderr: what was read, how fast, what was dropped.
enum RunReport {
    static func render(_ s: RunSummary, sinks: [SinkReport] = []) -> String {
        var parts: [String] = []
        let events = s.eventsRead
        var line = "read \(Count.grouped(events)) event\(events == 1 ? "" : "s")"
        if s.sources.count > 1 { line += " from \(s.sources.count) sources" }
        line += " in \(Count.duration(seconds: s.elapsedSeconds))"
        if s.elapsedSeconds > 0.05 { line += " (\(Count.grouped(Int(Double(events) / s.elapsedSeconds))) events/s)" }
        parts.append(line)
        if s.lateRowsDropped > 0 { parts.append("\(Count.grouped(s.lateRowsDropped)) late event\(s.lateRowsDropped == 1 ? "" : "s") dropped") }
        if s.stateExpired > 0 { parts.append("\(Count.grouped(s.stateExpired)) idle key\(s.stateExpired == 1 ? "" : "s") expired (state.ttl)") }
        let outside = s.sources.reduce(0) { $0 + $1.outsideReplay }
        if outside > 0 { parts.append("\(Count.grouped(outside)) outside --from/--until") }
        var text = "eddy: " + parts.joined(separator: " · ") + "\n"
        for source in s.sources where source.malformedLines > 0 {
            text += "eddy: \(Count.grouped(source.malformedLines)) malformed line\(source.malformedLines == 1 ? "" : "s") skipped in \(source.path)\n"
            for sample in source.malformedSamples.prefix(3) {
                text += "  \(source.path):\(sample.line): \(sample.reason)\n"
            }
        }
        for sink in sinks {
            text += "eddy: sink \(sink.name): \(Count.grouped(sink.rows)) row\(sink.rows == 1 ? "" : "s") · latency p50 \(micros(sink.p50Micros))"
                + " · p99 \(micros(sink.p99Micros)) · max \(micros(sink.maxMicros))\n"
        }
        return text
    }

    private static func micros(_ us: UInt64) -> String { Count.duration(seconds: Double(us) / 1e6) }

    /// What was dropped, one note each, for the shell: nothing is dropped silently.
    static func droppedNotes(_ s: RunSummary) -> [String] {
        func counted(_ n: Int, _ noun: String) -> String { "\(Count.grouped(n)) \(noun)\(n == 1 ? "" : "s")" }
        var notes: [String] = []
        if s.lateRowsDropped > 0 { notes.append(counted(s.lateRowsDropped, "late event") + " dropped") }
        if s.stateExpired > 0 { notes.append(counted(s.stateExpired, "idle key") + " expired (state.ttl)") }
        for source in s.sources where source.malformedLines > 0 {
            notes.append(counted(source.malformedLines, "malformed line") + " skipped in \(source.path)")
        }
        return notes
    }
}
