import EddyCore
import EddyEngine
import EddyRuntime

/// Prints the rows of bare SELECTs: JSON and CSV as they arrive, tables at the end (a
/// table needs every row to align its columns).
final class ResultPrinter {
    let format: OutputFormat
    let queryCount: Int
    private var headerPrinted = Set<Int>()

    init(format: OutputFormat, queryCount: Int) {
        self.format = format
        self.queryCount = queryCount
    }

    func stream(_ output: SelectOutput, _ batch: Batch) {
        guard format != .table else { return }
        let kinds = output.changelog
        var text = ""
        if format == .csv && !headerPrinted.contains(output.index) {
            headerPrinted.insert(output.index)
            text += ResultFormatter.csvHeader(names: output.names, changelog: kinds)
        }
        batch.forEachRow { r in
            let row = batch.columns.map { $0.value(at: r) }
            let kind = kinds ? batch.kind(at: r) : nil
            text += format == .json
                ? ResultFormatter.jsonLine(names: output.names, row: row, kind: kind)
                : ResultFormatter.csvLine(row: row, kind: kind)
        }
        Terminal.out(text)
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
