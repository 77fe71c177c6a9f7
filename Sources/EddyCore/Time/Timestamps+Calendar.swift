/// Calendar arithmetic on UTC epoch milliseconds: the fields of EXTRACT, rounding to a unit,
/// adding and counting months. Every function is total: a result that does not fit in
/// epoch milliseconds is nil, never a trap, because these run on arbitrary input values.
extension Timestamps {
    public static let millisPerDay: Int64 = 86_400_000

    /// Division rounding toward negative infinity (`b > 0`).
    @inline(__always)
    public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b < 0) ? q - 1 : q
    }

    /// The remainder of `floorDiv`, in `0..<b` (`b > 0`).
    @inline(__always)
    public static func floorMod(_ a: Int64, _ b: Int64) -> Int64 {
        let r = a % b
        return r < 0 ? r + b : r
    }

    /// Days of a month, leap years included.
    public static func lastDay(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `day * 86_400_000 + millisOfDay`, or nil when it overflows.
    static func millis(day: Int64, plus millisOfDay: Int64) -> Int64? {
        let (scaled, o1) = day.multipliedReportingOverflow(by: millisPerDay)
        let (sum, o2) = scaled.addingReportingOverflow(millisOfDay)
        return o1 || o2 ? nil : sum
    }

    /// The date `months` after the date of day number `day`, clamped to the end of a
    /// shorter month (Jan 31 + 1 month is Feb 28 or 29); nil far outside any calendar.
    public static func addMonths(day: Int64, _ months: Int64) -> Int64? {
        // A billion years is beyond what epoch milliseconds reach, and keeps the sums small.
        guard months.magnitude < 12_000_000_000 else { return nil }
        let (y, m, d) = civil(days: Int(day))
        let index = Int64(y) * 12 + Int64(m - 1) + months
        let year = Int(floorDiv(index, 12))
        let month = Int(floorMod(index, 12)) + 1
        return Int64(days(year: year, month: month, day: min(d, lastDay(year: year, month: month))))
    }

    /// `months` added to a timestamp, keeping its time of day (Flink's addMonths).
    public static func addMonths(_ millis: Int64, _ months: Int64) -> Int64? {
        let day = floorDiv(millis, millisPerDay)
        guard let shifted = addMonths(day: day, months) else { return nil }
        return Self.millis(day: shifted, plus: floorMod(millis, millisPerDay))
    }

    /// Whole months from `from` to `to` (negative when `to` is earlier), as Flink's
    /// `DateTimeUtils.subtractMonths(to, from)` counts them: Jan 31 to Feb 29 is one month,
    /// and a month is not complete before the time of day it started at.
    public static func monthsBetween(from: Int64, to: Int64) -> Int64 {
        let millis0 = floorMod(to, millisPerDay), day0 = floorDiv(to, millisPerDay)
        let millis1 = floorMod(from, millisPerDay), day1 = floorDiv(from, millisPerDay)
        var x = monthsBetweenDays(from: day1, to: day0)
        if addMonths(day: day1, x) == day0 && millis0 < millis1 { x -= 1 }
        return x
    }

    /// The largest `m` with `addMonths(from, m) <= to` (mirrored when `to < from`).
    private static func monthsBetweenDays(from: Int64, to: Int64) -> Int64 {
        if to < from { return -monthsBetweenDays(from: to, to: from) }
        let (y0, m0, _) = civil(days: Int(to))
        let (y1, m1, _) = civil(days: Int(from))
        let candidate = Int64(y0 - y1) * 12 + Int64(m0 - m1)
        guard let landed = addMonths(day: from, candidate) else { return candidate }
        return landed > to ? candidate - 1 : candidate
    }

    /// One field of a timestamp, as `EXTRACT(unit FROM ts)` gives it. Fields of the day
    /// count from midnight also before 1970 (EXTRACT(HOUR ...) is always 0 to 23).
    public static func extract(_ unit: TimeUnit, from millis: Int64) -> Int64 {
        let day = floorDiv(millis, millisPerDay)
        let ofDay = floorMod(millis, millisPerDay)
        let (y, m, d) = civil(days: Int(day))
        switch unit {
        case .millisecond: return ofDay % 1000
        case .second: return ofDay / 1000 % 60
        case .minute: return ofDay / 60_000 % 60
        case .hour: return ofDay / 3_600_000
        case .day: return Int64(d)
        case .month: return Int64(m)
        case .quarter: return Int64((m + 2) / 3)
        case .year: return Int64(y)
        case .dayOfWeek: return floorMod(day + 4, 7) + 1
        case .isoDayOfWeek: return floorMod(day + 3, 7) + 1
        case .dayOfYear: return day - Int64(days(year: y, month: 1, day: 1)) + 1
        case .week: return Int64(isoWeek(day: day, year: y).week)
        case .isoYear: return Int64(isoWeek(day: day, year: y).year)
        case .decade: return Int64(y / 10)
        case .century: return Int64(y > 0 ? (y + 99) / 100 : (y - 99) / 100)
        case .millennium: return Int64(y > 0 ? (y + 999) / 1000 : (y - 999) / 1000)
        }
    }

    /// The ISO 8601 week (weeks start on Monday; week 1 holds the year's first Thursday).
    static func isoWeek(day: Int64, year: Int) -> (year: Int, week: Int) {
        let isoDow = Int(floorMod(day + 3, 7)) + 1
        let doy = Int(day) - days(year: year, month: 1, day: 1) + 1
        let week = (doy - isoDow + 10) / 7
        if week < 1 { return (year - 1, weeksIn(year - 1)) }
        if week > weeksIn(year) { return (year + 1, 1) }
        return (year, week)
    }

    /// 53 when the year starts on a Thursday, or is a leap year starting on a Wednesday.
    private static func weeksIn(_ year: Int) -> Int {
        func p(_ y: Int) -> Int64 {
            let y = Int64(y)
            return floorMod(y + floorDiv(y, 4) - floorDiv(y, 100) + floorDiv(y, 400), 7)
        }
        return p(year) == 4 || p(year - 1) == 3 ? 53 : 52
    }

    /// The start of the unit holding `millis` (`FLOOR(ts TO unit)`); weeks start on Sunday,
    /// as in Flink. Nil for a unit that does not round or a result out of range.
    public static func floor(_ millis: Int64, to unit: TimeUnit) -> Int64? {
        if let size = unit.fixedMillis, unit != .week {
            return exactMultiple(floorDiv(millis, size), size)
        }
        let day = floorDiv(millis, millisPerDay)
        let (y, m, _) = civil(days: Int(day))
        let start: Int64
        switch unit {
        case .week: start = day - floorMod(day + 4, 7)
        case .month: start = Int64(days(year: y, month: m, day: 1))
        case .quarter: start = Int64(days(year: y, month: (m - 1) / 3 * 3 + 1, day: 1))
        case .year: start = Int64(days(year: y, month: 1, day: 1))
        default: return nil
        }
        return Self.millis(day: start, plus: 0)
    }

    /// The first start of a unit at or after `millis` (`CEIL(ts TO unit)`): `millis` itself
    /// when it is one. Nil for a unit that does not round or a result out of range.
    public static func ceil(_ millis: Int64, to unit: TimeUnit) -> Int64? {
        guard let start = floor(millis, to: unit) else { return nil }
        if start == millis { return millis }
        if let size = unit.fixedMillis {
            let (next, overflow) = start.addingReportingOverflow(size)
            return overflow ? nil : next
        }
        guard let months = unit.months else { return nil }
        return addMonths(start, months)
    }

    private static func exactMultiple(_ q: Int64, _ size: Int64) -> Int64? {
        let (v, overflow) = q.multipliedReportingOverflow(by: size)
        return overflow ? nil : v
    }

    /// `TIMESTAMPADD(unit, count, ts)`; nil when out of range.
    public static func add(_ count: Int64, _ unit: TimeUnit, to millis: Int64) -> Int64? {
        if let months = unit.months {
            let (total, overflow) = count.multipliedReportingOverflow(by: months)
            return overflow ? nil : addMonths(millis, total)
        }
        guard let size = unit.fixedMillis else { return nil }
        let (delta, o1) = count.multipliedReportingOverflow(by: size)
        let (sum, o2) = millis.addingReportingOverflow(delta)
        return o1 || o2 ? nil : sum
    }

    /// `TIMESTAMPDIFF(unit, from, to)`: whole units from `from` to `to`, truncated toward
    /// zero as Flink divides.
    public static func diff(_ unit: TimeUnit, from: Int64, to: Int64) -> Int64? {
        if let months = unit.months { return monthsBetween(from: from, to: to) / months }
        guard let size = unit.fixedMillis else { return nil }
        return (to &- from) / size
    }
}
