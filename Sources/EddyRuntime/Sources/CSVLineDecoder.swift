import EddyCore

/// Decodes CSV lines (RFC 4180: fields split at the delimiter, quoted fields may hold it
/// and a doubled quote) into the columns the plan reads. A record is one line: a quoted
/// field cannot span lines. With a header, columns are matched by the names in each
/// file's first line; without, by their position among the source's declared columns.
public struct CSVLineDecoder: RecordDecoder {
    let fields: [Field]
    let format: CSVFormat
    private let delimiter: UInt8
    private let quote: UInt8
    private var builders: [ColumnBuilder]
    /// For each CSV column, the field it fills (nil: not read).
    private var targets: [Int?]
    /// How many columns each record must have (nil: not known before the first record).
    private var width: Int?
    private var rows = 0
    /// The field that must not be NULL (a WATERMARK's event time).
    let requiredField: Int?
    private let declaredPositions: [Int]

    /// `declaredPositions[i]`: where field i sits among the declared columns (for files
    /// without a header).
    public init(fields: [Field], format: CSVFormat, declaredPositions: [Int]?, requiredField: Int? = nil) {
        self.fields = fields
        self.format = format
        delimiter = format.delimiterByte
        quote = format.quoteByte
        builders = fields.map { ColumnBuilder(type: $0.type, capacity: 4096) }
        self.requiredField = requiredField
        self.declaredPositions = declaredPositions ?? Array(fields.indices)
        targets = []
        if !format.header { usePositions() }
    }

    /// Columns by position among the declared ones (no header).
    private mutating func usePositions() {
        let count = (declaredPositions.max() ?? -1) + 1
        targets = [Int?](repeating: nil, count: count)
        for (field, position) in declaredPositions.enumerated() { targets[position] = field }
        width = nil
    }

    /// Reads a file's header line: which column fills which field. A field the header does
    /// not name is an error (the file is not what the source declares).
    public mutating func useHeader(_ line: UnsafeBufferPointer<UInt8>, file: String) throws(DecodeError) {
        let names: [String]
        do throws(FieldError) {
            names = try split(line).map { String(decoding: UnsafeBufferPointer(rebasing: line[$0.range]), as: UTF8.self) }
        } catch {
            throw DecodeError(line: 1, reason: "the header \(error.message)")
        }
        let lower = names.map { $0.trimmingWhitespace().lowercased() }
        targets = lower.map { name in fields.firstIndex { $0.name.lowercased() == name } }
        for field in fields where !lower.contains(field.name.lowercased()) {
            throw DecodeError(line: 1, reason: "the header of \(file) has no column '\(field.name)' (it has \(names.joined(separator: ", ")))")
        }
        width = names.count
    }

    public var pendingRows: Int { rows }

    public mutating func decodeLine(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int) throws(DecodeError) {
        let cells: [Cell]
        do throws(FieldError) {
            cells = try split(line)
        } catch {
            throw DecodeError(line: lineNumber, reason: error.message)
        }
        if let width, cells.count != width {
            let at = cells.count > width ? cells[width].range.lowerBound + 1 : line.count + 1
            throw DecodeError(line: lineNumber, reason: "expected \(width) fields, found \(cells.count) (column \(at))")
        }
        if width == nil, cells.count < targets.count {
            throw DecodeError(line: lineNumber, reason: "expected at least \(targets.count) fields, found \(cells.count)")
        }
        var filled = [Bool](repeating: false, count: fields.count)
        var failure: DecodeError?
        for (c, cell) in cells.enumerated() where c < targets.count {
            guard let t = targets[c] else { continue }
            if let problem = append(cell, of: line, to: t) {
                failure = DecodeError(line: lineNumber, reason: "field '\(fields[t].name)' (column \(cell.range.lowerBound + 1)): \(problem)")
                break
            }
            filled[t] = true
        }
        if failure == nil, let r = requiredField, !filled[r] || builders[r].lastIsNull {
            failure = DecodeError(line: lineNumber, reason: "field '\(fields[r].name)': the event time is missing (null)")
        }
        if let failure {
            for t in filled.indices where filled[t] { builders[t].removeLast() }
            throw failure
        }
        for t in filled.indices where !filled[t] { builders[t].appendNull() }
        rows += 1
    }

    public mutating func finishBatch() -> Batch {
        let count = rows
        rows = 0
        return Batch(columns: builders.indices.map { builders[$0].finish(reserving: count) }, rowCount: count)
    }

    // MARK: - Fields

    /// One field: where its text is in the line, and whether it was quoted (its doubled
    /// quotes still doubled).
    struct Cell {
        var range: Range<Int>
        var quoted: Bool
    }

    struct FieldError: Error { var message: String }

    /// The fields of a line.
    private func split(_ p: UnsafeBufferPointer<UInt8>) throws(FieldError) -> [Cell] {
        var cells: [Cell] = []
        var i = 0
        while true {
            if i < p.count && p[i] == quote {
                let start = i + 1
                var j = start
                while true {
                    guard j < p.count else {
                        throw FieldError(message: "a quoted field starting at column \(i + 1) does not end on its line")
                    }
                    if p[j] == quote {
                        if j + 1 < p.count && p[j + 1] == quote {
                            j += 2
                            continue
                        }
                        break
                    }
                    j += 1
                }
                cells.append(Cell(range: start..<j, quoted: true))
                i = j + 1
                guard i == p.count || p[i] == delimiter else {
                    throw FieldError(message: "text after a quoted field at column \(i + 1) (expected '\(format.delimiter)')")
                }
            } else {
                var j = i
                while j < p.count && p[j] != delimiter { j += 1 }
                cells.append(Cell(range: i..<j, quoted: false))
                i = j
            }
            if i == p.count { return cells }
            i += 1  // past the delimiter
            if i == p.count {
                cells.append(Cell(range: i..<i, quoted: false))
                return cells
            }
        }
    }

    /// Appends a cell's value to field `t`'s column; what is wrong with it, if anything.
    private mutating func append(_ cell: Cell, of line: UnsafeBufferPointer<UInt8>, to t: Int) -> String? {
        var text = String(decoding: UnsafeBufferPointer(rebasing: line[cell.range]), as: UTF8.self)
        if cell.quoted {
            let q = String(decoding: [quote], as: UTF8.self)
            text = text.replacingAll(q + q, with: q)
        }
        let type = fields[t].type
        if let null = format.nullLiteral, text == null, !cell.quoted || null.isEmpty {
            builders[t].appendNull()
            return nil
        }
        if text.isEmpty && !cell.quoted && type != .varchar {
            builders[t].appendNull()
            return nil
        }
        switch type {
        case .varchar, .null:
            builders[t].appendString(text)
        case .bigint, .interval:
            guard let v = Int64(text.trimmingWhitespace()) else { return "expected \(type.sqlName), found '\(text)'" }
            builders[t].appendInt(v)
        case .double:
            let trimmed = text.trimmingWhitespace()
            guard let v = Double(trimmed), !trimmed.isEmpty else { return "expected DOUBLE, found '\(text)'" }
            builders[t].appendDouble(v)
        case .boolean:
            switch text.trimmingWhitespace().lowercased() {
            case "true": builders[t].appendBool(true)
            case "false": builders[t].appendBool(false)
            default: return "expected BOOLEAN, found '\(text)'"
            }
        case .timestamp:
            let trimmed = text.trimmingWhitespace()
            guard let ms = Timestamps.parse(trimmed) ?? Int64(trimmed) else {
                return "'\(text)' is not a timestamp (expected ISO-8601 or epoch milliseconds)"
            }
            guard Timestamps.isInRange(ms) else { return "\(text) is outside the TIMESTAMP range (years 0000 to 9999)" }
            builders[t].appendInt(ms)
        }
        return nil
    }
}
