import EddyCore
import EddyEngine
import EddyRuntime

/// Prints the rows of bare SELECTs: JSON and CSV as they arrive, tables at the end (a
/// table needs every row to align its columns).
final class ResultPrinter {
    let format: OutputFormat
    let queryCount: Int
    private var headerPrinted = Set<Int>()
    /// Per query, its rows' JSON encoder (it holds the field names, rendered once).
    private var jsonEncoders: [Int: JSONRowEncoder] = [:]

    init(format: OutputFormat, queryCount: Int) {
        self.format = format
        self.queryCount = queryCount
    }

    func stream(_ output: SelectOutput, _ batch: Batch) {
        guard format != .table else { return }
        var bytes: [UInt8] = []
        if format == .csv {
            if !headerPrinted.contains(output.index) {
                headerPrinted.insert(output.index)
                bytes += Array(ResultFormatter.csvHeader(names: output.names, changelog: output.changelog).utf8)
            }
            CSVRowEncoder().append(batch, changelog: output.changelog, to: &bytes)
        } else {
            let encoder = jsonEncoders[output.index] ?? JSONRowEncoder(names: output.names)
            jsonEncoders[output.index] = encoder
            encoder.append(batch, changelog: output.changelog, to: &bytes)
        }
        Terminal.out(bytes: bytes)
    }

    func finish(_ output: SelectOutput, _ sink: CollectSink) {
        switch format {
        case .table:
            if queryCount > 1 { Terminal.out("query \(output.index)\n") }
            Terminal.out(ResultFormatter.table(names: output.names, types: output.types, rows: sink.rows, kinds: output.changelog ? sink.kinds : nil))
        case .csv where !headerPrinted.contains(output.index):
            Terminal.out(ResultFormatter.csvHeader(names: output.names, changelog: output.changelog))
        default:
            break
        }
    }
}

/// The end-of-run summary on stderr: what was read, how fast, what was dropped.
enum RunReport {
    static func render(_ s: RunSummary) -> String {
        var parts: [String] = []
        let events = s.eventsRead
        var line = "read \(Count.grouped(events)) event\(events == 1 ? "" : "s")"
        if s.sources.count > 1 { line += " from \(s.sources.count) sources" }
        line += " in \(Count.duration(seconds: s.elapsedSeconds))"
        if s.elapsedSeconds > 0.05 { line += " (\(Count.grouped(Int(Double(events) / s.elapsedSeconds))) events/s)" }
        parts.append(line)
        if s.lateRowsDropped > 0 { parts.append("\(Count.grouped(s.lateRowsDropped)) late event\(s.lateRowsDropped == 1 ? "" : "s") dropped") }
        if s.stateExpired > 0 { parts.append("\(Count.grouped(s.stateExpired)) idle key\(s.stateExpired == 1 ? "" : "s") expired (state.ttl)") }
        var text = "eddy: " + parts.joined(separator: " · ") + "\n"
        for source in s.sources where source.malformedLines > 0 {
            text += "eddy: \(Count.grouped(source.malformedLines)) malformed line\(source.malformedLines == 1 ? "" : "s") skipped in \(source.path)\n"
            for sample in source.malformedSamples.prefix(3) {
                text += "  \(source.path):\(sample.line): \(sample.reason)\n"
            }
        }
        return text
    }


}
