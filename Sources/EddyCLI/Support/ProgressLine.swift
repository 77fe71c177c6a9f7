import EddyEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One line on stderr, rewritten in place while a run reads its input: how much was read,
/// how fast, the watermark, what was dropped, and the time left. Only on a terminal; it
/// is cleared before anything else is written there.
final class ProgressLine {
    private let start = Clock.seconds()
    private(set) var shown = false

    /// Whether a progress line belongs on stderr now.
    static var wanted: Bool { Terminal.stderrIsTerminal }

    func show(_ p: Progress) {
        let elapsed = Clock.seconds() - start
        guard elapsed >= 0.5 else { return }  // a short run shows none
        var parts: [String] = []
        if let fraction = p.fraction { parts.append("\(Int(fraction * 100))%") }
        parts.append("\(Count.grouped(p.events)) events")
        parts.append("\(Count.grouped(Int(Double(p.events) / elapsed))) events/s")
        if let w = p.watermark { parts.append("watermark \(w)") }
        if p.lateDropped > 0 { parts.append("\(Count.grouped(p.lateDropped)) late") }
        if p.malformed > 0 { parts.append("\(Count.grouped(p.malformed)) malformed") }
        if let fraction = p.fraction, fraction > 0.01 {
            parts.append("ETA \(Count.duration(seconds: elapsed / fraction - elapsed))")
        }
        Terminal.err("\r\u{1B}[K" + parts.joined(separator: " · "))
        shown = true
    }

    /// Erases the line (before the summary).
    func clear() {
        if shown { Terminal.err("\r\u{1B}[K") }
        shown = false
    }
}
