import ArgumentParser
import EddyEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How the shell shows query results (`\mode`), as Flink's SQL client does.
enum DisplayMode: String, CaseIterable, ExpressibleByArgument {
    /// The result as an aligned table; a continuous query's table updates in place.
    case table
    /// Every change as it arrives, with its op (`+I`, `-U`, `+U`, `-D`).
    case changelog
    /// One JSON object per row as it arrives.
    case json
}

/// Receives the rows of one running query and shows them.
protocol ResultView: AnyObject {
    func receive(_ set: ResultSet, _ rows: ResultBatch)
    /// Called between batches while the query runs: a live view redraws here.
    func tick()
    /// The query ended or was cancelled: show what is left and the closing line.
    func finish(cancelled: Bool, elapsed: String?)
}

extension ResultView {
    func tick() {}
}

/// `1 row`, `1,234 rows`.
func counted(_ n: Int, _ noun: String) -> String {
    "\(Count.grouped(n)) \(noun)\(n == 1 ? "" : "s")"
}

/// The line after a result: `3 rows (12 ms)`, `query cancelled (1,234 rows)`.
func resultFooter(rows: Int, cancelled: Bool, elapsed: String?) -> String {
    let n = counted(rows, "row")
    if cancelled { return "query cancelled (\(n)\(elapsed.map { ", " + $0 } ?? ""))\n" }
    return n + (elapsed.map { " (\($0))" } ?? "") + "\n"
}

/// A bounded query in table mode: the final table once the query ends.
final class FinalTableView: ResultView {
    let columns: ResultColumns
    private var table = ResultTable()

    init(columns: ResultColumns) { self.columns = columns }

    func receive(_ set: ResultSet, _ rows: ResultBatch) {
        rows.forEachChange { row, kind in table.apply(row, kind: kind) }
    }

    func finish(cancelled: Bool, elapsed: String?) {
        let cells = table.rows.map { $0.map(\.text) }
        Terminal.out(TableFormatter(headers: columns.names, rightAligned: columns.alignsRight).render(cells))
        Terminal.out(resultFooter(rows: table.count, cancelled: cancelled, elapsed: elapsed))
    }
}

/// A continuous query in table mode on a terminal: the table is redrawn in place (ANSI
/// cursor movement) as the changelog arrives, at most every 100 ms, until Ctrl-C.
final class LiveTableView: ResultView {
    let columns: ResultColumns
    private var table = ResultTable()
    private var linesDrawn = 0
    private var dirty = true
    private var lastDraw = 0.0
    private var size = TerminalControl.size()

    init(columns: ResultColumns) {
        self.columns = columns
        draw(final: false)
    }

    func receive(_ set: ResultSet, _ rows: ResultBatch) {
        rows.forEachChange { row, kind in table.apply(row, kind: kind) }
        dirty = true
        tick()
    }

    func tick() {
        if Interrupts.takeResize() {
            size = TerminalControl.size()
            dirty = true
        }
        guard dirty, Clock.seconds() - lastDraw >= 0.1 else { return }
        draw(final: false)
    }

    func finish(cancelled: Bool, elapsed: String?) {
        draw(final: true)
        Terminal.out(resultFooter(rows: table.count, cancelled: cancelled, elapsed: elapsed))
    }

    private func draw(final: Bool) {
        dirty = false
        lastDraw = Clock.seconds()
        let room = max(1, size.rows - 6)
        let shown = table.firstRows(room).map { $0.map(\.text) }
        var lines = TableFormatter(headers: columns.names, rightAligned: columns.alignsRight).render(shown).split(separator: "\n").map(String.init)
        if table.count > shown.count { lines.append("… \(counted(table.count - shown.count, "more row"))") }
        if !final {
            let changes = table.changes
            lines.append("\(counted(table.count, "row")) · \(counted(changes, "change")) · Ctrl-C to stop")
        }
        let width = max(10, size.columns - 1)
        lines = lines.map { $0.count > width ? String($0.prefix(width - 1)) + "…" : $0 }
        // Back to the first line drawn last time, clear to the end of the screen, draw.
        let rewind = linesDrawn > 0 ? "\r\u{1B}[\(linesDrawn)A\u{1B}[J" : ""
        Terminal.out(rewind + lines.joined(separator: "\n") + "\n")
        linesDrawn = lines.count
    }
}

/// Changelog mode (and a continuous query where nothing can be redrawn): each change on
/// its own line as it arrives, with its op. Columns are as wide as the header and the first
/// batch need (later, wider values push their line out rather than reflow what is shown).
final class ChangelogView: ResultView {
    let names: [String]
    private var widths: [Int]
    private var headerShown = false
    private var count = 0

    init(names: [String]) {
        self.names = names
        widths = [2] + names.map(\.count)
    }

    func receive(_ set: ResultSet, _ rows: ResultBatch) {
        var lines: [[String]] = []
        rows.forEachChange { row, kind in lines.append([kind.rawValue] + row.map(\.text)) }
        count += lines.count
        var text = ""
        if !headerShown {
            for cells in lines.prefix(1000) {
                for (i, c) in cells.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) }
            }
            text += line(["op"] + names)
            headerShown = true
        }
        for cells in lines { text += line(cells) }
        Terminal.out(text)
    }

    func finish(cancelled: Bool, elapsed: String?) {
        if !headerShown { Terminal.out(line(["op"] + names)) }
        Terminal.out(resultFooter(rows: count, cancelled: cancelled, elapsed: elapsed))
    }

    private func line(_ cells: [String]) -> String {
        var s = ""
        for (i, c) in cells.enumerated() {
            guard i < cells.count - 1 else {
                s += c
                break
            }
            let width = i < widths.count ? widths[i] : c.count
            s += c + String(repeating: " ", count: max(0, width - c.count) + 2)
        }
        return s + "\n"
    }
}

/// JSON mode: one object per row as it arrives (with an `op` field for a changelog).
final class JSONView: ResultView {
    let footer: Bool
    private var count = 0

    init(footer: Bool) { self.footer = footer }

    func receive(_ set: ResultSet, _ rows: ResultBatch) {
        var bytes: [UInt8] = []
        ResultEncoder(names: set.names, changelog: set.changelog, format: .json).append(rows, to: &bytes)
        count += rows.count
        Terminal.out(bytes: bytes)
    }

    func finish(cancelled: Bool, elapsed: String?) {
        if footer || cancelled { Terminal.out(resultFooter(rows: count, cancelled: cancelled, elapsed: elapsed)) }
    }
}

/// An INSERT INTO (or CREATE SINK ... AS): its rows go to the sink; the shell says when it
/// is done.
final class InsertView: ResultView {
    let sink: String
    var eventsRead = 0

    init(sink: String, continuous: Bool) {
        self.sink = sink
        if continuous { Terminal.out("writing to \(sink) · Ctrl-C to stop\n") }
    }

    func receive(_ set: ResultSet, _ rows: ResultBatch) {}

    func finish(cancelled: Bool, elapsed: String?) {
        let read = counted(eventsRead, "event") + " read"
        let time = elapsed.map { " (\($0))" } ?? ""
        Terminal.out(cancelled ? "cancelled writing to \(sink) (\(read))\(time)\n" : "wrote to \(sink) · \(read)\(time)\n")
    }
}

/// Monotonic seconds, for timing statements and throttling redraws.
enum Clock {
    static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
