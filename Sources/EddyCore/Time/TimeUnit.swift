/// A calendar unit as SQL names it: the first argument of TIMESTAMPDIFF and TIMESTAMPADD,
/// the unit of `EXTRACT(unit FROM ts)` and of `FLOOR(ts TO unit)`. Keyword arguments reach
/// typed expressions as string literals holding the raw value (`'MINUTE'`).
public enum TimeUnit: String, Sendable, CaseIterable {
    case millisecond = "MILLISECOND"
    case second = "SECOND"
    case minute = "MINUTE"
    case hour = "HOUR"
    case day = "DAY"
    case week = "WEEK"
    case month = "MONTH"
    case quarter = "QUARTER"
    case year = "YEAR"
    /// Day of the week, Sunday = 1 ... Saturday = 7.
    case dayOfWeek = "DOW"
    /// Day of the week as ISO 8601 counts it, Monday = 1 ... Sunday = 7.
    case isoDayOfWeek = "ISODOW"
    /// Day of the year, 1 ... 366.
    case dayOfYear = "DOY"
    /// The ISO 8601 week-numbering year (the year of `WEEK`).
    case isoYear = "ISOYEAR"
    case decade = "DECADE"
    case century = "CENTURY"
    case millennium = "MILLENNIUM"

    /// The units `EXTRACT` accepts (as Flink's EXTRACT on a TIMESTAMP).
    public static let extractable: [TimeUnit] = [
        .year, .quarter, .month, .week, .day, .hour, .minute, .second, .millisecond, .dayOfWeek,
        .isoDayOfWeek, .dayOfYear, .isoYear, .decade, .century, .millennium,
    ]
    /// The units `FLOOR(ts TO unit)` and `CEIL(ts TO unit)` accept.
    public static let roundable: [TimeUnit] = [.second, .minute, .hour, .day, .week, .month, .quarter, .year]
    /// The units of `TIMESTAMPDIFF` and `TIMESTAMPADD`.
    public static let countable: [TimeUnit] = [.second, .minute, .hour, .day, .week, .month, .quarter, .year]

    /// Milliseconds in one unit when that is fixed (up to WEEK), else nil.
    public var fixedMillis: Int64? {
        switch self {
        case .millisecond: return 1
        case .second: return 1000
        case .minute: return 60_000
        case .hour: return 3_600_000
        case .day: return 86_400_000
        case .week: return 7 * 86_400_000
        default: return nil
        }
    }

    /// Months in one unit for MONTH, QUARTER and YEAR, else nil.
    public var months: Int64? {
        switch self {
        case .month: return 1
        case .quarter: return 3
        case .year: return 12
        default: return nil
        }
    }
}
