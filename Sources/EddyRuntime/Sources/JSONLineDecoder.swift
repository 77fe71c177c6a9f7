import EddyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a record could not be decoded.
public struct DecodeError: Error, Sendable, Equatable {
    /// 1-based line number within the source.
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
}

/// Decodes JSON lines into columns, reading only the requested top-level fields: a byte
/// scanner over the buffer (no Foundation on the hot path), fast paths for plain strings
/// and numbers, a careful slow path for escapes.
public struct JSONLineDecoder {
    /// One requested field: its name as UTF-8 and its column type.
    struct Target {
        var name: [UInt8]
        var type: DataType
    }

    let targets: [Target]
    var builders: [ColumnBuilder]
    /// Recent short values of each text column (see `ShortStringCache`).
    var strings: [ShortStringCache]
    /// The keys of recent records by position (see `JSONKeyLayout`).
    private var layout = JSONKeyLayout()
    /// The fields assigned in the current record (bit i for target i).
    private var seen: [Bool]

    /// The field every record must have a value for (the event time of a source with a
    /// WATERMARK): without one a record belongs to no window and moves no watermark, so
    /// it is malformed, as Flink refuses a NULL rowtime.
    let requiredField: Int?

    /// The shape of recent lines, for the fast path (see `JSONLineTemplate`).
    private var template: JSONLineTemplate? {
        didSet { templateReference = template.map { Unmanaged.passUnretained($0) } }
    }
    /// `template` without the reference count a line would otherwise add and drop.
    private var templateReference: Unmanaged<JSONLineTemplate>?
    /// Whether lines are read by a template at all (tests compare both paths).
    var usesTemplates = true
    /// Recent misses of the template, less its hits: lines that change shape all the time
    /// pause the fast path for a while, so that they are not read twice.
    private var templateMisses = 0
    private var pausedLines = 0
    /// The lines the template read (for tests).
    private(set) var linesByTemplate = 0
    /// Where the general path found the current line's values: start, end and target.
    private var spans: [(start: Int, end: Int, target: Int)] = []

    public init(fields: [Field], requiredField: Int? = nil) {
        targets = fields.map { Target(name: Array($0.name.utf8), type: $0.type) }
        builders = fields.map { ColumnBuilder(type: $0.type, capacity: 4096) }
        strings = fields.map { _ in ShortStringCache() }
        seen = [Bool](repeating: false, count: fields.count)
        self.requiredField = requiredField
    }

    /// The number of records decoded since the last `finishBatch`.
    public var pendingRows: Int { builders.first?.count ?? pendingWithoutColumns }
    private var pendingWithoutColumns = 0

    /// Decodes one line (without its newline). On error the line leaves no trace in the
    /// batch being built.
    public mutating func decodeLine(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int) throws(DecodeError) {
        if let shape = templateReference {
            if shape._withUnsafeGuaranteedRef({ decodeByTemplate(line, $0) }) {
                pendingWithoutColumns += 1
                linesByTemplate &+= 1
                if templateMisses > 0 { templateMisses -= 1 }
                return
            }
            templateMisses += 1
            if templateMisses > Self.missesBeforePause {
                template = nil
                pausedLines = Self.pauseLines
                templateMisses = 0
            }
        }
        for i in seen.indices { seen[i] = false }
        spans.removeAll(keepingCapacity: true)
        do {
            try parseObject(line)
        } catch let reason {
            for i in seen.indices where seen[i] { builders[i].removeLast() }
            throw DecodeError(line: lineNumber, reason: reason.message)
        }
        if let r = requiredField, !seen[r] || builders[r].lastIsNull {
            for i in seen.indices where seen[i] { builders[i].removeLast() }
            throw DecodeError(line: lineNumber, reason: "field '\(String(decoding: targets[r].name, as: UTF8.self))': the event time is missing (null)")
        }
        for i in seen.indices where !seen[i] { builders[i].appendNull() }
        pendingWithoutColumns += 1
        learnShape(of: line)
    }

    /// How many more misses than hits pause the fast path, and for how many lines.
    static let missesBeforePause = 16
    static let pauseLines = 4096

    /// Takes the shape of a line the general path decoded as the template for the next ones.
    private mutating func learnShape(of line: UnsafeBufferPointer<UInt8>) {
        guard usesTemplates else { return }
        if pausedLines > 0 {
            pausedLines -= 1
            return
        }
        template = JSONLineTemplate(line: line, spans: spans, types: targets.map(\.type), required: requiredField)
    }

    /// The decoded records as a batch; the decoder starts a new one.
    public mutating func finishBatch() -> Batch {
        let count = pendingRows
        let columns = builders.indices.map { builders[$0].finish(reserving: count) }
        pendingWithoutColumns = 0
        return Batch(columns: columns, rowCount: count)
    }

    /// Whether a line holds only whitespace (skipped, not an error).
    public static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in line where !(b == 32 || b == 9 || b == 13) { return false }
        return true
    }

    // MARK: - Scanner

    struct Failure: Error { var message: String }

    private mutating func parseObject(_ p: UnsafeBufferPointer<UInt8>) throws(Failure) {
        var i = Self.skipSpace(p, 0)
        guard i < p.count, p[i] == UInt8(ascii: "{") else {
            throw Failure(message: i < p.count ? "expected a JSON object, found '\(Self.describe(p, i))'" : "empty record")
        }
        i = Self.skipSpace(p, i + 1)
        if i < p.count && p[i] == UInt8(ascii: "}") {
            return try expectEnd(p, i + 1)
        }
        var position = 0
        // Whether `layout` holds this line's keys so far (a key with escapes ends that).
        var layoutFollows = true
        while true {
            guard i < p.count, p[i] == UInt8(ascii: "\"") else {
                throw Failure(message: "expected a field name in quotes at column \(i + 1)")
            }
            let target: Int?
            let afterKey: Int
            if layoutFollows, let known = layout.match(p, quote: i, position: position) {
                target = known.target >= 0 ? known.target : nil
                afterKey = known.after
            } else {
                let (keyStart, keyEnd, hasEscape, after) = try Self.scanString(p, i)
                afterKey = after
                target = hasEscape ? matchEscapedKey(p, keyStart, keyEnd) : matchKey(p, keyStart, keyEnd)
                if layoutFollows {
                    layout.truncate(to: position)
                    if hasEscape {
                        layoutFollows = false
                    } else {
                        layout.append(p, keyStart, keyEnd, target: target)
                    }
                }
            }
            position += 1
            i = Self.skipSpace(p, afterKey)
            guard i < p.count, p[i] == UInt8(ascii: ":") else {
                throw Failure(message: "expected ':' after a field name at column \(i + 1)")
            }
            i = Self.skipSpace(p, i + 1)
            guard i < p.count else { throw Failure(message: "record ends before the value of a field") }
            if let t = target {
                if seen[t] {
                    // A repeated key: its new value replaces the earlier one. Unmark it too,
                    // so that if the new value is malformed the rollback does not remove a
                    // second value (the previous record's).
                    builders[t].removeLast()
                    seen[t] = false
                }
                let valueStart = i
                i = try parseValue(p, i, into: t)
                seen[t] = true
                spans.append((valueStart, i, t))
            } else {
                let valueStart = i
                i = try Self.skipValue(p, i, depth: 0)
                spans.append((valueStart, i, -1))
            }
            i = Self.skipSpace(p, i)
            guard i < p.count else { throw Failure(message: "record ends before its closing '}'") }
            if p[i] == UInt8(ascii: ",") {
                i = Self.skipSpace(p, i + 1)
                continue
            }
            if p[i] == UInt8(ascii: "}") { return try expectEnd(p, i + 1) }
            throw Failure(message: "expected ',' or '}' at column \(i + 1), found '\(Self.describe(p, i))'")
        }
    }

    private func expectEnd(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) throws(Failure) {
        let j = Self.skipSpace(p, i)
        if j < p.count { throw Failure(message: "unexpected text after the record at column \(j + 1)") }
    }

    @inline(__always)
    static func skipSpace(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var i = start
        while i < p.count {
            let c = p[i]
            if c != 32 && c != 9 && c != 13 && c != 10 { break }
            i &+= 1
        }
        return i
    }

    @inline(__always)
    private func matchKey(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        let length = end - start
        for t in targets.indices {
            let name = targets[t].name
            if name.count != length { continue }
            var equal = true
            var k = 0
            while k < length {
                if name[k] != p[start + k] {
                    equal = false
                    break
                }
                k += 1
            }
            if equal { return t }
        }
        return nil
    }

    private func matchEscapedKey(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        guard let key = try? Self.unescape(p, start, end) else { return nil }
        let bytes = Array(key.utf8)
        return targets.firstIndex { $0.name == bytes }
    }

    /// Scans a string starting at its opening quote: the content range, whether it holds
    /// escapes, and the index after the closing quote.
    @inline(__always)
    static func scanString(_ p: UnsafeBufferPointer<UInt8>, _ quote: Int) throws(Failure) -> (Int, Int, Bool, Int) {
        var i = quote + 1
        var escaped = false
        while i < p.count {
            let c = p[i]
            if c == UInt8(ascii: "\"") { return (quote + 1, i, escaped, i + 1) }
            if c == UInt8(ascii: "\\") {
                escaped = true
                i &+= 2
                continue
            }
            i &+= 1
        }
        throw Failure(message: "unterminated string starting at column \(quote + 1)")
    }

    private mutating func parseValue(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, into t: Int) throws(Failure) -> Int {
        let c = p[start]
        let type = targets[t].type
        if c == UInt8(ascii: "n") {
            try Self.expectWord(p, start, "null")
            builders[t].appendNull()
            return start + 4
        }
        switch type {
        case .bigint, .timestamp, .interval:
            if c == UInt8(ascii: "\"") {
                let (s, e, esc, after) = try Self.scanString(p, start)
                let text = esc ? try Self.unescape(p, s, e) : String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self)
                if type == .timestamp {
                    guard let ms = Timestamps.parse(UnsafeBufferPointer(rebasing: p[s..<e])) ?? Timestamps.parse(text) else {
                        throw Failure(message: "field '\(fieldName(t))': '\(text)' is not a timestamp (expected ISO-8601 or epoch milliseconds)")
                    }
                    builders[t].appendInt(ms)
                } else {
                    guard let v = Int64(text.trimmingWhitespace()) else {
                        throw Failure(message: "field '\(fieldName(t))': expected \(type.sqlName), found \"\(text)\"")
                    }
                    builders[t].appendInt(v)
                }
                return after
            }
            let (end, intValue, doubleValue) = try scanNumber(p, start, t)
            if type == .timestamp, let v = intValue ?? doubleValue.flatMap({ Int64(exactly: $0) }), !Timestamps.isInRange(v) {
                throw Failure(
                    message: "field '\(fieldName(t))': \(Self.describe(p, start, end)) is outside the TIMESTAMP range (years 0000 to 9999)")
            }
            if let v = intValue {
                builders[t].appendInt(v)
            } else if let d = doubleValue, d == d.rounded(.towardZero), d != -0x1p63, let v = Int64(exactly: d) {
                // (-2^63 reaches here only from a literal below Int64's range: the exact
                // minimum is read by the integer path.)
                builders[t].appendInt(v)
            } else {
                throw Failure(message: "field '\(fieldName(t))': expected \(type.sqlName), found \(Self.describe(p, start, end))")
            }
            return end
        case .double:
            if c == UInt8(ascii: "\"") {
                let (s, e, esc, after) = try Self.scanString(p, start)
                let text = esc ? try Self.unescape(p, s, e) : String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self)
                guard let v = Double(text.trimmingWhitespace()) else {
                    throw Failure(message: "field '\(fieldName(t))': expected DOUBLE, found \"\(text)\"")
                }
                builders[t].appendDouble(v)
                return after
            }
            let (end, intValue, doubleValue) = try scanNumber(p, start, t)
            builders[t].appendDouble(intValue.map(Double.init) ?? doubleValue ?? 0)
            return end
        case .boolean:
            if c == UInt8(ascii: "t") {
                try Self.expectWord(p, start, "true")
                builders[t].appendBool(true)
                return start + 4
            }
            if c == UInt8(ascii: "f") {
                try Self.expectWord(p, start, "false")
                builders[t].appendBool(false)
                return start + 5
            }
            throw Failure(message: "field '\(fieldName(t))': expected BOOLEAN, found \(Self.describe(p, start, min(p.count, start + 12)))")
        case .varchar, .null:
            if c == UInt8(ascii: "\"") {
                let (s, e, esc, after) = try Self.scanString(p, start)
                if esc {
                    builders[t].appendString(try Self.unescape(p, s, e))
                } else {
                    builders[t].appendString(String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self))
                }
                return after
            }
            // A number, boolean or nested value kept as its JSON text.
            let end = try Self.skipValue(p, start, depth: 0)
            builders[t].appendString(String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self))
            return end
        }
    }

    func fieldName(_ t: Int) -> String { String(decoding: targets[t].name, as: UTF8.self) }

    static func expectWord(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ word: StaticString) throws(Failure) {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard start + w.count <= p.count else { throw Failure(message: "invalid literal at column \(start + 1)") }
        for k in 0..<w.count where p[start + k] != w[k] {
            throw Failure(message: "invalid literal '\(Self.describe(p, start, min(p.count, start + w.count)))' at column \(start + 1)")
        }
    }
}
