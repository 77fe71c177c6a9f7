/// A date-time pattern in the letters of Java's `DateTimeFormatter`, which Flink's
/// `DATE_FORMAT` and `TO_TIMESTAMP` use: `yyyy-MM-dd HH:mm:ss.SSS`, text in single quotes
/// (`yyyy-MM-dd'T'HH:mm`), `''` for a quote. Compiled once per expression; formats and
/// parses UTC timestamps.
public struct DateTimePattern: Sendable, Hashable {
    /// One piece of a pattern: text copied as is, or a run of one pattern letter.
    public enum Element: Sendable, Hashable {
        case literal(String)
        case field(Character, count: Int)
    }

    public let elements: [Element]

    /// The letters Eddy understands, with the longest run of each (as DateTimeFormatter).
    static let maxCount: [Character: Int] = [
        "y": 9, "M": 5, "d": 2, "D": 3, "E": 5, "a": 1, "H": 2, "h": 2, "K": 2, "k": 2, "m": 2, "s": 2, "S": 9,
    ]

    /// Compiles `pattern`, or throws a message saying what is wrong with it.
    public init(_ pattern: String) throws {
        let chars = Array(pattern)
        var elements: [Element] = []
        var literal = ""
        func flush() {
            if !literal.isEmpty { elements.append(.literal(literal)) }
            literal = ""
        }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "'" {
                if i + 1 < chars.count && chars[i + 1] == "'" {
                    literal.append("'")
                    i += 2
                    continue
                }
                i += 1
                var closed = false
                while i < chars.count {
                    if chars[i] == "'" {
                        if i + 1 < chars.count && chars[i + 1] == "'" {
                            literal.append("'")
                            i += 2
                            continue
                        }
                        closed = true
                        i += 1
                        break
                    }
                    literal.append(chars[i])
                    i += 1
                }
                guard closed else { throw DateTimePatternError("the pattern ends inside quoted text") }
            } else if c.isASCII && c.isLetter {
                var count = 1
                while i + count < chars.count && chars[i + count] == c { count += 1 }
                guard let limit = Self.maxCount[c] else {
                    throw DateTimePatternError(
                        "unsupported pattern letter '\(c)'; use y M d D E a H h K k m s S, and quote other text")
                }
                guard count <= limit else {
                    throw DateTimePatternError("too many pattern letters '\(String(repeating: c, count: count))'")
                }
                flush()
                elements.append(.field(c, count: count))
                i += count
            } else if "[]{}#".contains(c) {
                throw DateTimePatternError("'\(c)' is reserved in a pattern; quote it: '\(c)'")
            } else {
                literal.append(c)
                i += 1
            }
        }
        flush()
        self.elements = elements
    }

    /// Why this pattern cannot read timestamps (TO_TIMESTAMP), or nil when it can.
    public var parseLimitation: String? {
        for case .field(let c, let count) in elements where c == "D" || c == "E" || (c == "M" && count == 5) {
            return "pattern letter '\(c)' can format but not parse timestamps"
        }
        return nil
    }

    // MARK: - Formatting

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// The timestamp as text, in UTC.
    public func format(_ millis: Int64) -> String {
        let day = Timestamps.floorDiv(millis, Timestamps.millisPerDay)
        let ofDay = Int(Timestamps.floorMod(millis, Timestamps.millisPerDay))
        let (y, m, d) = Timestamps.civil(days: Int(day))
        let hour = ofDay / 3_600_000
        var out = ""
        for element in elements {
            switch element {
            case .literal(let text):
                out += text
            case .field(let letter, let count):
                switch letter {
                case "y":
                    let yearOfEra = y > 0 ? y : 1 - y
                    if count == 2 {
                        out += Self.pad(yearOfEra % 100, 2)
                    } else {
                        let digits = Self.pad(yearOfEra, count)
                        out += count >= 4 && digits.count > count ? "+" + digits : digits
                    }
                case "M":
                    let name = Self.monthNames[m - 1]
                    out += count <= 2 ? Self.pad(m, count) : count == 3 ? String(name.prefix(3)) : count == 4 ? name : String(name.prefix(1))
                case "d": out += Self.pad(d, count)
                case "D": out += Self.pad(Int(day) - Timestamps.days(year: y, month: 1, day: 1) + 1, count)
                case "E":
                    let name = Self.dayNames[Int(Timestamps.floorMod(day + 3, 7))]
                    out += count <= 3 ? String(name.prefix(3)) : count == 4 ? name : String(name.prefix(1))
                case "a": out += hour < 12 ? "AM" : "PM"
                case "H": out += Self.pad(hour, count)
                case "h": out += Self.pad(hour % 12 == 0 ? 12 : hour % 12, count)
                case "K": out += Self.pad(hour % 12, count)
                case "k": out += Self.pad(hour == 0 ? 24 : hour, count)
                case "m": out += Self.pad(ofDay / 60_000 % 60, count)
                case "s": out += Self.pad(ofDay / 1000 % 60, count)
                case "S": out += String((Self.pad(ofDay % 1000, 3) + "000000").prefix(count))
                default: break
                }
            }
        }
        return out
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    // MARK: - Parsing

    /// Reads `text` as a whole in this pattern; fields it lacks default to 1970-01-01
    /// 00:00:00, and a day past the month's end is clamped to it (as Java's SMART resolver).
    /// Nil when the text does not fit.
    public func parse(_ text: String) -> Int64? {
        var reader = FieldReader(text)
        var values: [Character: Int] = [:]
        var pm: Bool?
        for (k, element) in elements.enumerated() {
            switch element {
            case .literal(let literal):
                guard reader.accept(literal) else { return nil }
            case .field("a", _):
                if reader.accept("AM") {
                    pm = false
                } else if reader.accept("PM") {
                    pm = true
                } else {
                    return nil
                }
            case .field("M", let count) where count >= 3:
                let names = count == 3 ? Self.monthNames.map { String($0.prefix(3)) } : Self.monthNames
                guard let index = names.firstIndex(where: { reader.accept($0) }) else { return nil }
                guard values.updateValue(index + 1, forKey: "M").map({ $0 == index + 1 }) ?? true else { return nil }
            case .field(let letter, let count):
                let fixed = letter == "S" || count >= 2
                var width = count
                if !fixed {
                    // A variable-width field leaves room for the fixed-width fields right after it.
                    let reserved = elements[(k + 1)...].prefix { Self.fixedWidth($0) != nil }.reduce(0) { $0 + (Self.fixedWidth($1) ?? 0) }
                    width = min(9, reader.digitsAhead - reserved)
                    guard width >= count else { return nil }
                }
                guard let value = reader.number(width: width) else { return nil }
                let stored = letter == "S" ? Self.millis(fraction: value, digits: count) : value
                guard values.updateValue(stored, forKey: letter).map({ $0 == stored }) ?? true else { return nil }
            }
        }
        guard reader.atEnd else { return nil }
        return Self.resolve(values, pm: pm, twoDigitYear: elements.contains(.field("y", count: 2)))
    }

    /// The width of a field that always reads that many digits, else nil.
    private static func fixedWidth(_ e: Element) -> Int? {
        guard case .field(let c, let count) = e, c != "a", c != "E", c != "D", !(c == "M" && count >= 3) else { return nil }
        return c == "S" || count >= 2 ? count : nil
    }

    private static func millis(fraction value: Int, digits: Int) -> Int {
        var v = value
        if digits < 3 {
            for _ in digits..<3 { v *= 10 }
        } else {
            for _ in 3..<digits { v /= 10 }
        }
        return v
    }

    private static func resolve(_ v: [Character: Int], pm: Bool?, twoDigitYear: Bool) -> Int64? {
        var year = 1970
        if let y = v["y"] {
            year = twoDigitYear ? 2000 + y : y
            guard year >= 1 else { return nil }
        }
        let month = v["M"] ?? 1
        let dayOfMonth = v["d"] ?? 1
        guard (1...12).contains(month), (1...31).contains(dayOfMonth) else { return nil }
        let day = min(dayOfMonth, Timestamps.lastDay(year: year, month: month))
        var hour = 0
        if let h = v["H"] {
            guard (0...23).contains(h) else { return nil }
            hour = h
        } else if let k = v["k"] {
            guard (1...24).contains(k) else { return nil }
            hour = k % 24
        } else if let pm, let h = v["h"] {
            guard (1...12).contains(h) else { return nil }
            hour = h % 12 + (pm ? 12 : 0)
        } else if let pm, let h = v["K"] {
            guard (0...11).contains(h) else { return nil }
            hour = h + (pm ? 12 : 0)
        }
        let minute = v["m"] ?? 0, second = v["s"] ?? 0
        guard (0...59).contains(minute), (0...59).contains(second) else { return nil }
        let ofDay = ((hour * 60 + minute) * 60 + second) * 1000 + (v["S"] ?? 0)
        return Timestamps.millis(day: Int64(Timestamps.days(year: year, month: month, day: day)), plus: Int64(ofDay))
    }

    /// Flink's TO_TIMESTAMP without a pattern: `yyyy-M-d` with an optional ` H:m:s` and
    /// fraction, one or two digits for every field but the year. Nil when it does not fit.
    public static func parseDefault(_ text: String) -> Int64? {
        var r = FieldReader(text)
        guard let year = r.number(width: 4), r.accept("-"), let month = r.number(upTo: 2), r.accept("-"),
            let day = r.number(upTo: 2)
        else { return nil }
        var values: [Character: Int] = ["y": year, "M": month, "d": day]
        if !r.atEnd {
            guard r.accept(" "), let h = r.number(upTo: 2), r.accept(":"), let m = r.number(upTo: 2), r.accept(":"),
                let s = r.number(upTo: 2)
            else { return nil }
            values["H"] = h
            values["m"] = m
            values["s"] = s
            if r.accept(".") {
                let digits = min(9, r.digitsAhead)
                if digits > 0, let f = r.number(width: digits) { values["S"] = millis(fraction: f, digits: digits) }
            }
            guard r.atEnd else { return nil }
        }
        return resolve(values, pm: nil, twoDigitYear: false)
    }
}

/// What is wrong with a date-time pattern.
public struct DateTimePatternError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A cursor over text being parsed by a pattern.
private struct FieldReader {
    let scalars: [Unicode.Scalar]
    var position = 0

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    var atEnd: Bool { position == scalars.count }

    /// How many ASCII digits follow.
    var digitsAhead: Int {
        var n = 0
        while position + n < scalars.count, ("0"..."9").contains(scalars[position + n]) { n += 1 }
        return n
    }

    mutating func accept(_ text: String) -> Bool {
        var p = position
        for s in text.unicodeScalars {
            guard p < scalars.count, scalars[p] == s else { return false }
            p += 1
        }
        position = p
        return true
    }

    /// Exactly `width` digits (at most 9).
    mutating func number(width: Int) -> Int? {
        guard width >= 1, width <= 9, digitsAhead >= width else { return nil }
        var v = 0
        for _ in 0..<width {
            v = v * 10 + Int(scalars[position].value - 48)
            position += 1
        }
        return v
    }

    /// One to `max` digits, as many as there are.
    mutating func number(upTo max: Int) -> Int? {
        number(width: min(max, digitsAhead))
    }
}
