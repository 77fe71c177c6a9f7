@testable import EddySQL

/// Helpers that turn parser output into short strings, so that each test reads as
/// `input → expected` pairs.
enum SQL {
    /// One statement as an S-expression (see ASTPrinter), or `error L:C: message`.
    static func statement(_ text: String) -> String {
        let source = SourceText(name: "t", text: text)
        do {
            return ASTPrinter.statement(try SQLParser.parseStatement(source))
        } catch {
            return describe(error.diagnostics.first, in: source)
        }
    }

    /// One expression as an S-expression, or `error L:C: message`.
    static func expression(_ text: String) -> String {
        let source = SourceText(name: "t", text: text)
        do {
            return ASTPrinter.expr(try SQLParser.parseExpression(source))
        } catch {
            return describe(error.diagnostics.first, in: source)
        }
    }

    /// Every diagnostic of a script, as `L:C: message`.
    static func diagnostics(_ text: String) -> [String] {
        let source = SourceText(name: "t", text: text)
        return SQLParser.parseScript(source).diagnostics.map { "\(source.location(of: $0.span.start)): \($0.message)" }
    }

    /// The first diagnostic of a script as `L:C: message`, or `no error`.
    static func error(_ text: String) -> String {
        diagnostics(text).first ?? "no error"
    }

    /// The help of the first diagnostic of a script.
    static func help(_ text: String) -> String? {
        SQLParser.parseScript(SourceText(name: "t", text: text)).diagnostics.first?.help
    }

    /// The first diagnostic rendered as a user sees it.
    static func rendered(_ text: String, name: String = "job.sql") -> String {
        let source = SourceText(name: name, text: text)
        guard let d = SQLParser.parseScript(source).diagnostics.first else { return "no error" }
        return DiagnosticRenderer().render(d, in: source)
    }

    private static func describe(_ d: Diagnostic?, in source: SourceText) -> String {
        guard let d else { return "error without a diagnostic" }
        return "error \(source.location(of: d.span.start)): \(d.message)"
    }
}
