import EddyCore

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
        // Files written on Windows end their lines with CRLF: the records are the same.
        let text = text.replacingOccurrences(of: "\r\n", with: "\n")
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
            try checkShape(kind, header: header, line: start + 1, body: body, expected: expected)
            chunks.append(.record(TestRecord(kind: kind, header: header, line: start + 1, body: body, expected: expected)))
        }
        if !verbatim.isEmpty { chunks.append(.verbatim(verbatim)) }
        return TestFile(chunks: chunks)
    }

    static func parseHeader(_ header: String, line: Int) throws -> TestRecord.Kind {
        let words = header.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let lower = words.map { $0.lowercased() }
        func sortOption(after n: Int) throws -> Bool {
            for extra in lower.dropFirst(n) where extra != "rowsort" {
                throw TestFileError(line: line, message: "unknown option '\(extra)' in '\(header)' (the only option is rowsort)")
            }
            return lower.count > n
        }
        func exactly(_ n: Int) throws {
            guard words.count == n else {
                throw TestFileError(line: line, message: "'\(header)' takes \(n == 1 ? "nothing" : "\(n - 1) word\(n == 2 ? "" : "s")") after '\(lower[0])'")
            }
        }
        switch lower.first ?? "" {
        case "statement":
            if lower.count == 2 && lower[1] == "ok" { return .statementOK }
            if lower.count == 2 && lower[1] == "error" { return .statementError }
        case "events":
            try exactly(2)
            return .events(source: words[1])
        case "watermark":
            if words.count >= 3 { return .watermark(source: words[1], timestamp: words[2...].joined(separator: " ")) }
        case "end":
            if lower.count >= 3 && lower[1] == "of" && lower[2] == "input" {
                guard words.count <= 4 else { throw TestFileError(line: line, message: "'\(header)' names more than one source") }
                return .endOfInput(source: words.count > 3 ? words[3] : nil)
            }
        case "query":
            if words.count >= 2 { return .query(types: words[1], rowsort: try sortOption(after: 2)) }
        case "changes":
            if words.count >= 2 { return .changes(view: words[1], rowsort: try sortOption(after: 2)) }
        case "explain":
            let mode = lower.count > 1 ? lower[1] : "physical"
            guard lower.count <= 2, ["logical", "physical"].contains(mode) else {
                throw TestFileError(line: line, message: "'\(header)': explain takes logical or physical")
            }
            return .explain(mode: mode)
        case "checkpoint":
            try exactly(1)
            return .checkpoint
        case "crash":
            try exactly(1)
            return .crash
        case "restart":
            var p: Int?
            for w in lower.dropFirst() {
                guard w.hasPrefix("parallelism="), let n = Int(w.dropFirst("parallelism=".count)), (1...JobSettings.maxParallelism).contains(n) else {
                    throw TestFileError(line: line, message: "unknown option '\(w)' in '\(header)' (write restart parallelism=N)")
                }
                p = n
            }
            return .restart(parallelism: p)
        default:
            break
        }
        throw TestFileError(line: line, message: "unknown record '\(header)'")
    }

    /// A record's body and expected block are where its kind needs them: expected rows
    /// written without `----` would otherwise be taken for SQL, or ignored.
    static func checkShape(_ kind: TestRecord.Kind, header: String, line: Int, body: [String], expected: [String]?) throws {
        switch kind {
        case .query, .explain:
            guard !body.isEmpty else { throw TestFileError(line: line, message: "'\(header)' needs its SQL on the next lines") }
            guard expected != nil else {
                throw TestFileError(line: line, message: "'\(header)' needs ---- and the expected \(kind == .explain(mode: "logical") || kind == .explain(mode: "physical") ? "plan" : "rows") after its SQL")
            }
        case .changes:
            guard body.isEmpty else {
                throw TestFileError(line: line + 1, message: "'\(header)' takes no SQL: write ---- before its expected rows")
            }
            guard expected != nil else { throw TestFileError(line: line, message: "'\(header)' needs ---- and the expected rows") }
        case .statementOK, .statementError:
            guard !body.isEmpty else { throw TestFileError(line: line, message: "'\(header)' needs its SQL on the next lines") }
            if kind == .statementOK && expected != nil {
                throw TestFileError(line: line, message: "'statement ok' expects no output: drop its ---- block")
            }
        case .events:
            guard expected == nil else { throw TestFileError(line: line, message: "'\(header)' takes JSON lines, not ----") }
        case .watermark, .endOfInput, .checkpoint, .crash, .restart:
            guard body.isEmpty && expected == nil else {
                throw TestFileError(line: line + 1, message: "'\(header)' stands alone: leave a blank line after it")
            }
        }
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
