/// One record of a streaming sqllogictest file: a header line, a body, and after `----`
/// the expected block.
public struct TestRecord: Sendable {
    public enum Kind: Sendable, Equatable {
        case statementOK
        case statementError
        /// `events SOURCE`
        case events(source: String)
        /// `watermark SOURCE TIMESTAMP`
        case watermark(source: String, timestamp: String)
        /// `end of input [SOURCE]`
        case endOfInput(source: String?)
        /// `query TYPES [rowsort]`
        case query(types: String, rowsort: Bool)
        /// `changes VIEW [rowsort]`
        case changes(view: String, rowsort: Bool)
        /// `explain [logical|physical]`
        case explain(mode: String)
        case checkpoint
        case crash
        /// `restart [parallelism=N]`
        case restart(parallelism: Int?)
    }

    public var kind: Kind
    public var header: String
    /// 1-based line of the header in the file.
    public var line: Int
    public var body: [String]
    /// The expected block, nil when the record has no `----`.
    public var expected: [String]?
    /// 1-based line of the first body line.
    public var bodyLine: Int { line + 1 }
}

/// A parse problem in a test file itself.
public struct TestFileError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
}

/// The records of a test file, and the comment and blank lines between them, kept so
/// that `--complete` can write the file back with only the expected blocks changed.
public struct TestFile: Sendable {
    public enum Chunk: Sendable {
        case verbatim([String])
        case record(TestRecord)
    }

    public var chunks: [Chunk]
    public var records: [TestRecord] {
        chunks.compactMap { if case .record(let r) = $0 { return r } else { return nil } }
    }

    public static func parse(_ text: String) throws -> TestFile {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var chunks: [Chunk] = []
        var i = 0
        var verbatim: [String] = []
        while i < lines.count {
            let trimmed = lines[i].trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                verbatim.append(lines[i])
                i += 1
                continue
            }
            if !verbatim.isEmpty {
                chunks.append(.verbatim(verbatim))
                verbatim = []
            }
            let start = i
            let header = trimmed
            i += 1
            var body: [String] = []
            var expected: [String]?
            let isPlan = header.lowercased().hasPrefix("explain")
            while i < lines.count {
                let l = lines[i]
                if l.trimmingWhitespace() == "----" {
                    expected = []
                    i += 1
                    // Expected rows end at a blank line; a plan may not contain one.
                    while i < lines.count && !lines[i].trimmingWhitespace().isEmpty {
                        expected?.append(lines[i])
                        i += 1
                    }
                    _ = isPlan
                    break
                }
                if l.trimmingWhitespace().isEmpty { break }
                body.append(l)
                i += 1
            }
            let kind = try parseHeader(header, line: start + 1)
            chunks.append(.record(TestRecord(kind: kind, header: header, line: start + 1, body: body, expected: expected)))
        }
        if !verbatim.isEmpty { chunks.append(.verbatim(verbatim)) }
        return TestFile(chunks: chunks)
    }

    static func parseHeader(_ header: String, line: Int) throws -> TestRecord.Kind {
        let words = header.split(separator: " ").map(String.init)
        let lower = words.map { $0.lowercased() }
        switch lower.first ?? "" {
        case "statement":
            if lower.count == 2 && lower[1] == "ok" { return .statementOK }
            if lower.count == 2 && lower[1] == "error" { return .statementError }
        case "events":
            if words.count == 2 { return .events(source: words[1]) }
        case "watermark":
            if words.count >= 3 { return .watermark(source: words[1], timestamp: words[2...].joined(separator: " ")) }
        case "end":
            if lower.count >= 3 && lower[1] == "of" && lower[2] == "input" {
                return .endOfInput(source: words.count > 3 ? words[3] : nil)
            }
        case "query":
            if words.count >= 2 { return .query(types: words[1], rowsort: lower.dropFirst(2).contains("rowsort")) }
        case "changes":
            if words.count >= 2 { return .changes(view: words[1], rowsort: lower.dropFirst(2).contains("rowsort")) }
        case "explain":
            return .explain(mode: lower.count > 1 ? lower[1] : "physical")
        case "checkpoint":
            return .checkpoint
        case "crash":
            return .crash
        case "restart":
            var p: Int?
            for w in lower.dropFirst() where w.hasPrefix("parallelism=") { p = Int(w.dropFirst("parallelism=".count)) }
            return .restart(parallelism: p)
        default:
            break
        }
        throw TestFileError(line: line, message: "unknown record '\(header)'")
    }

    /// The file's text with each record's expected block replaced by `actual[i]` where
    /// given (records in order).
    public func rewritten(actual: [Int: [String]]) -> String {
        var out: [String] = []
        var recordIndex = 0
        for chunk in chunks {
            switch chunk {
            case .verbatim(let lines): out += lines
            case .record(let r):
                out.append(r.header)
                out += r.body
                if let lines = actual[recordIndex] ?? r.expected {
                    out.append("----")
                    out += lines
                }
                recordIndex += 1
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}

extension TestRecord.Kind {
    /// Records after which a job has new input or a new shape (chaos mode crashes there).
    var changesInput: Bool {
        switch self {
        case .statementOK, .events, .watermark, .endOfInput: return true
        default: return false
        }
    }
}
