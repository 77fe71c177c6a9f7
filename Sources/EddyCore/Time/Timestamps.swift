/// UTC timestamps as milliseconds since 1970-01-01T00:00:00Z: conversion to and from text
/// without Foundation, so that the JSON decoder can call it on its hot path.
public enum Timestamps {
    /// Days since the epoch of a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The civil date of a day number since the epoch.
    public static func civil(days z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The last day converted to a date: consecutive timestamps (the rows of one window)
    /// mostly share a day. One per writer; not shared between threads.
    public struct DayCache {
        var day = Int.min
        var date = (year: 0, month: 0, day: 0)
        public init() {}

        mutating func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
            if day != days {
                day = days
                date = Timestamps.civil(days: days)
            }
            return date
        }
    }

    /// The most bytes `write` writes: `9999-12-31T23:59:59.999`.
    public static let maxWrittenBytes = 23

    /// Writes `2024-01-01T00:00:10` (with `.250` when the milliseconds are not zero) as
    /// UTF-8 at `p`, without building a String: the write path of sinks. Returns the count
    /// of bytes written (at most `maxWrittenBytes`), or nil for a year outside 0000-9999,
    /// which `format` writes instead.
    @inline(__always)
    public static func write(_ millis: Int64, to p: UnsafeMutablePointer<UInt8>, cache: inout DayCache) -> Int? {
        let ms = Int(millis)
        var dayNumber = ms / 86_400_000
        var rest = ms % 86_400_000
        if rest < 0 {
            rest += 86_400_000
            dayNumber -= 1
        }
        let (y, m, d) = cache.civil(dayNumber)
        guard (0...9999).contains(y) else { return nil }
        @inline(__always) func two(_ v: Int, at i: Int) {
            p[i] = UInt8(truncatingIfNeeded: 48 + v / 10)
            p[i + 1] = UInt8(truncatingIfNeeded: 48 + v % 10)
        }
        two(y / 100, at: 0)
        two(y % 100, at: 2)
        p[4] = 45
        two(m, at: 5)
        p[7] = 45
        two(d, at: 8)
        p[10] = 84
        two(rest / 3_600_000, at: 11)
        p[13] = 58
        two(rest / 60_000 % 60, at: 14)
        p[16] = 58
        two(rest / 1000 % 60, at: 17)
        let frac = rest % 1000
        guard frac != 0 else { return 19 }
        p[19] = 46
        p[20] = UInt8(truncatingIfNeeded: 48 + frac / 100)
        two(frac % 100, at: 21)
        return 23
    }

    /// `2024-01-01T00:00:10`, with `.250` when the milliseconds are not zero.
    public static func format(_ millis: Int64) -> String {
        let ms = Int(millis)
        var dayNumber = ms / 86_400_000
        var rest = ms % 86_400_000
        if rest < 0 {
            rest += 86_400_000
            dayNumber -= 1
        }
        let (y, m, d) = civil(days: dayNumber)
        let h = rest / 3_600_000
        let mi = rest / 60_000 % 60
        let s = rest / 1000 % 60
        let frac = rest % 1000
        var out = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T"
        out += pad(h, 2) + ":" + pad(mi, 2) + ":" + pad(s, 2)
        if frac != 0 { out += "." + pad(frac, 3) }
        return out
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(abs(v))
        let padded = s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        return v < 0 ? "-" + padded : padded
    }

    /// The earliest TIMESTAMP(3): 0000-01-01T00:00:00 UTC (Flink's range starts there).
    public static let minMillis: Int64 = -62_167_219_200_000
    /// The latest TIMESTAMP(3): 9999-12-31T23:59:59.999 UTC.
    public static let maxMillis: Int64 = 253_402_300_799_999

    /// Whether `millis` is a TIMESTAMP(3) (years 0000 to 9999). Data outside the range is
    /// malformed, and arithmetic that leaves it gives NULL: nothing wraps around.
    @inline(__always)
    public static func isInRange(_ millis: Int64) -> Bool { millis >= minMillis && millis <= maxMillis }

    /// Parses ISO-8601 and SQL timestamps: `2024-01-01`, `2024-01-01T10:00`,
    /// `2024-01-01 10:00:00.123`, with an optional `Z` or `+02:00` offset. Returns nil for
    /// anything else.
    public static func parse(_ text: String) -> Int64? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0)) }
    }

    /// The byte-level parser behind `parse(_:)`, used directly by the JSON decoder.
    public static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        let n = b.count
        func digits(_ count: Int) -> Int? {
            guard i + count <= n else { return nil }
            var v = 0
            for _ in 0..<count {
                let c = b[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
                i += 1
            }
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < n && b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(45), let month = digits(2), expect(45),
            let day = digits(2), (1...12).contains(month), day >= 1, day <= daysIn(month, year)
        else { return nil }
        var hour = 0, minute = 0, second = 0, millis = 0
        if i < n && (b[i] == 84 || b[i] == 32) {  // 'T' or ' '
            i += 1
            guard let h = digits(2), expect(58), let m = digits(2), h < 24, m < 60 else { return nil }
            hour = h
            minute = m
            if expect(58) {
                guard let s = digits(2), s < 60 else { return nil }
                second = s
                if expect(46) {
                    var scale = 100
                    var any = false
                    while i < n, b[i] >= 48 && b[i] <= 57 {
                        millis += Int(b[i] - 48) * scale
                        scale /= 10
                        i += 1
                        any = true
                    }
                    guard any else { return nil }
                }
            }
        }
        var offsetMinutes = 0
        if i < n {
            if b[i] == 90 {  // 'Z'
                i += 1
            } else if b[i] == 43 || b[i] == 45 {  // '+' or '-'
                let sign = b[i] == 45 ? -1 : 1
                i += 1
                guard let oh = digits(2), oh <= 18 else { return nil }
                _ = expect(58)
                guard let om = digits(2), om < 60 else { return nil }
                offsetMinutes = sign * (oh * 60 + om)
            }
        }
        guard i == n else { return nil }
        let dayNumber = days(year: year, month: month, day: day)
        let total = ((dayNumber * 24 + hour) * 60 + minute - offsetMinutes) * 60 + second
        let result = Int64(total) * 1000 + Int64(millis)
        return isInRange(result) ? result : nil
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Day-time intervals in milliseconds, as a user reads them in a plan: `10 s`, `1 min`.
public enum Intervals {
    public static let units: [(name: String, millis: Int64)] = [
        ("d", 86_400_000), ("h", 3_600_000), ("min", 60_000), ("s", 1000), ("ms", 1),
    ]

    public static func format(_ millis: Int64) -> String {
        if millis == 0 { return "0 s" }
        for unit in units where millis % unit.millis == 0 {
            return "\(millis / unit.millis) \(unit.name)"
        }
        return "\(millis) ms"
    }

    /// Milliseconds in one unit named as SQL names it (`SECOND`, `MINUTE`, ...), or nil.
    public static func millis(ofUnit unit: String) -> Int64? {
        switch unit.uppercased() {
        case "MILLISECOND", "MILLISECONDS": return 1
        case "SECOND", "SECONDS": return 1000
        case "MINUTE", "MINUTES": return 60_000
        case "HOUR", "HOURS": return 3_600_000
        case "DAY", "DAYS": return 86_400_000
        default: return nil
        }
    }

    /// Parses a duration setting such as `5s`, `1h`, `500 ms`, `10 min`.
    public static func parseDuration(_ text: String) -> Int64? {
        let t = text.trimmingWhitespace().lowercased()
        var digits = ""
        var rest = Substring(t)
        while let c = rest.first, c.isNumber {
            digits.append(c)
            rest = rest.dropFirst()
        }
        guard let n = Int64(digits) else { return nil }
        let unit = rest.trimmingWhitespace()
        let scale: Int64
        switch unit {
        case "ms", "milli", "millis", "millisecond", "milliseconds": scale = 1
        case "", "s", "sec", "secs", "second", "seconds": scale = 1000
        case "m", "min", "mins", "minute", "minutes": scale = 60_000
        case "h", "hour", "hours": scale = 3_600_000
        case "d", "day", "days": scale = 86_400_000
        default: return nil
        }
        // A duration too long to count in milliseconds is not a duration.
        let (millis, overflow) = n.multipliedReportingOverflow(by: scale)
        return overflow ? nil : millis
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines (no Foundation).
    public func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }),
            let end = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[start...end])
    }
}
