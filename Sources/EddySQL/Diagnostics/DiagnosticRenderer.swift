/// Prints a diagnostic the way a user wants to read it:
///
///     job.sql:3:8: error: unknown column 'prise' in source 'bids'
///         3 | SELECT prise FROM bids
///           |        ^~~~~
///       help: did you mean 'price'?
public struct DiagnosticRenderer: Sendable {
    public var useColor: Bool

    public init(useColor: Bool = false) { self.useColor = useColor }

    public func render(_ d: Diagnostic, in source: SourceText) -> String {
        let loc = source.location(of: d.span.start)
        var out = "\(source.name):\(loc.line):\(loc.column): \(color(d.severity.rawValue + ":", d.severity)) \(d.message)\n"
        let lineText = source.lineText(loc.line).replacingTabs()
        let gutter = String(loc.line)
        let pad = String(repeating: " ", count: gutter.count)
        out += "    \(gutter) | \(lineText)\n"
        let endLoc = source.location(of: d.span.end)
        let lineLength = lineText.count
        let underlineEnd = endLoc.line == loc.line ? endLoc.column : lineLength + 1
        let width = max(1, underlineEnd - loc.column)
        let marker = "^" + String(repeating: "~", count: width - 1)
        out += "    \(pad) | " + String(repeating: " ", count: loc.column - 1) + color(marker, d.severity) + "\n"
        if let help = d.help { out += "  help: \(help)\n" }
        return out
    }

    /// The one-line form, `job.sql:3:8: error: message`, for logs and tests.
    public func renderShort(_ d: Diagnostic, in source: SourceText) -> String {
        let loc = source.location(of: d.span.start)
        return "\(source.name):\(loc.line):\(loc.column): \(d.severity.rawValue): \(d.message)"
    }

    private func color(_ s: String, _ severity: Diagnostic.Severity) -> String {
        guard useColor else { return s }
        let code = severity == .error ? "31" : (severity == .warning ? "33" : "36")
        return "\u{1B}[1;\(code)m\(s)\u{1B}[0m"
    }
}

extension String {
    fileprivate func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }
}
