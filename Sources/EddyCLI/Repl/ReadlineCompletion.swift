import CReadline
import EddyEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What completion needs to know, kept where readline's C callbacks can reach it (they
/// cannot capture anything): the catalog, the unfinished statement of earlier lines, and
/// the matches of the completion in progress. Readline calls back on the main thread only.
private nonisolated(unsafe) var completer: Completer?
private nonisolated(unsafe) var completionPending = ""
private nonisolated(unsafe) var completionMatches: [String] = []
private nonisolated(unsafe) var completionNext = 0

/// Connects `Completer` and the meta commands to readline's TAB.
enum ReadlineCompletion {
    /// Characters that end a word for completion (`.` so that `b.pr` completes a column).
    static let wordBreaks = " \t\n\"'`@><=;|&{(,)."

    static func install() {
        eddy_rl_set_word_break_characters(wordBreaks)
        eddy_rl_set_completer { text, start, _ in
            ReadlineCompletion.attempt(text.map { String(cString: $0) } ?? "", start: Int(start))
        }
    }

    /// Called before each line is read: what the session has declared, and the earlier
    /// lines of the statement.
    static func update(session: Session, pending: String) {
        completer = Completer(session: session)
        completionPending = pending
    }

    private static func attempt(_ text: String, start: Int) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        let lineBytes = eddy_rl_line_buffer().map { Array(UnsafeBufferPointer(start: $0, count: strlen($0))) } ?? []
        let toStart = String(decoding: lineBytes.prefix(max(0, start)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let line = String(decoding: lineBytes.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let completer else { return nil }
        let result: CompletionResult
        if completionPending.isEmpty && line.drop(while: { $0 == " " }).hasPrefix("\\") {
            result = MetaCommand.complete(prefix: text, before: toStart, completer: completer)
        } else {
            let pending = completionPending.isEmpty ? "" : completionPending + "\n"
            result = completer.complete(
                prefix: text, before: pending + toStart, statement: pending + line)
        }
        switch result {
        case .fileNames:
            eddy_rl_set_attempted_completion_over(0)
            return nil
        case .words(let words):
            eddy_rl_set_attempted_completion_over(1)
            guard !words.isEmpty else { return nil }
            completionMatches = words
            completionNext = 0
            return eddy_rl_completion_matches(text) { _, state in
                if state == 0 { completionNext = 0 }
                guard completionNext < completionMatches.count else { return nil }
                completionNext += 1
                return strdup(completionMatches[completionNext - 1])
            }
        }
    }
}
