import EddyCore
import Testing

@Suite("Timestamps")
struct TimestampTests {
    @Test func formatAndParseRoundTrip() {
        for ms: Int64 in [0, 1, 999, 1_704_067_201_250, -1, -86_400_001, 253_402_300_799_999] {
            #expect(Timestamps.parse(Timestamps.format(ms)) == ms)
        }
    }

    @Test func formatShowsMillisecondsOnlyWhenPresent() {
        #expect(Timestamps.format(1_704_067_200_000) == "2024-01-01T00:00:00")
        #expect(Timestamps.format(1_704_067_200_250) == "2024-01-01T00:00:00.250")
        #expect(Timestamps.format(-1) == "1969-12-31T23:59:59.999")
    }

    @Test func rejectsImpossibleDates() {
        #expect(Timestamps.parse("2023-02-29") == nil)
        #expect(Timestamps.parse("2024-02-29") != nil)
        #expect(Timestamps.parse("2024-13-01") == nil)
        #expect(Timestamps.parse("2024-01-01T25:00") == nil)
        #expect(Timestamps.parse("soon") == nil)
    }

    @Test func durations() {
        #expect(Intervals.parseDuration("5s") == 5000)
        #expect(Intervals.parseDuration("10 min") == 600_000)
        #expect(Intervals.parseDuration("1h") == 3_600_000)
        #expect(Intervals.parseDuration("fast") == nil)
        #expect(Intervals.format(60_000) == "1 min")
        #expect(Intervals.format(1500) == "1500 ms")
    }
}
