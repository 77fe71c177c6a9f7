/// A problem found in a script, pointing at the text that causes it.
public struct Diagnostic: Error, Sendable, Hashable {
    public enum Severity: String, Sendable { case error, warning, note }

    public var severity: Severity
    public var message: String
    public var span: Span
    /// What to do about it: `did you mean 'price'?`.
    public var help: String?

    public init(_ severity: Severity = .error, _ message: String, at span: Span, help: String? = nil) {
        self.severity = severity
        self.message = message
        self.span = span
        self.help = help
    }

    public static func error(_ message: String, at span: Span, help: String? = nil) -> Diagnostic {
        Diagnostic(.error, message, at: span, help: help)
    }

    public static func warning(_ message: String, at span: Span, help: String? = nil) -> Diagnostic {
        Diagnostic(.warning, message, at: span, help: help)
    }
}

/// Several diagnostics thrown together (a parse that recovered and found more than one).
public struct DiagnosticList: Error, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}
