import EddyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Rows made up as they are read (`'connector' = 'datagen'`), at `'rows-per-second'`, up
/// to `'number-of-rows'` or the end of a sequence. Row n's random values come from a
/// generator seeded by the seed and n, so the rows do not depend on batching, and a run
/// resumed at row n (its position) goes on exactly as an uninterrupted one.
final class DataGenSource: SourceReader {
    let spec: SourceSpec
    private let generator: DataGenSpec
    /// The next row's number (from 0).
    private var next: Int64
    private let started: Double
    private let startRow: Int64
    private(set) var isExhausted = false
    private(set) var linesInLastBatch = 0

    init(spec: SourceSpec, generator: DataGenSpec, position: SourcePosition) {
        self.spec = spec
        self.generator = generator
        next = position.byteOffset
        startRow = next
        started = Self.seconds()
    }

    var position: SourcePosition { SourcePosition(byteOffset: next, lineNumber: Int(next) + 1) }

    var report: RunSummary.SourceReport {
        RunSummary.SourceReport(name: spec.name, path: "datagen", linesRead: Int(next - startRow), malformedLines: 0, malformedSamples: [])
    }

    /// How many rows the source makes in all, if it ends.
    private var total: Int64? {
        let sequences = generator.fields.compactMap { f -> Int64? in
            guard f.kind == .sequence, let start = f.start, let end = f.end else { return nil }
            return Swift.max(0, end - start + 1)
        }
        return ([generator.numberOfRows].compactMap { $0 } + sequences).min()
    }

    func nextBatch(maxRows: Int) throws -> Batch {
        // As many rows as the rate allows by now.
        let elapsed = Self.seconds() - started
        var count = Swift.min(Int64(maxRows), Int64(elapsed * generator.rowsPerSecond) + 1 - (next - startRow))
        if let total { count = Swift.min(count, total - next) }
        count = Swift.max(0, count)
        if count == 0, let total, next >= total { isExhausted = true }
        linesInLastBatch = Int(count)
        var builders = spec.fields.map { ColumnBuilder(type: $0.type, capacity: Int(count)) }
        guard count > 0 else { return Batch(columns: builders.indices.map { builders[$0].finish() }, rowCount: 0) }
        let now = Int64(Self.wallSeconds() * 1000)
        for row in next..<(next + count) {
            var random = SplitMix(seed: generator.seed ^ (UInt64(bitPattern: row) &* 0x9E37_79B9_7F4A_7C15))
            for (i, field) in spec.fields.enumerated() {
                let g = i < generator.fields.count ? generator.fields[i] : DataGenField()
                Self.append(field.type, g, row: row, now: now, random: &random, to: &builders[i])
            }
        }
        next += count
        return Batch(columns: builders.indices.map { builders[$0].finish() }, rowCount: Int(count))
    }

    private static func append(_ type: DataType, _ g: DataGenField, row: Int64, now: Int64, random: inout SplitMix, to b: inout ColumnBuilder) {
        if g.nullRate > 0 && random.unit() < g.nullRate {
            b.appendNull()
            return
        }
        if g.kind == .sequence, let start = g.start {
            let v = start + row
            switch type {
            case .double: b.appendDouble(Double(v))
            case .varchar: b.appendString(String(v))
            case .boolean: b.appendBool(v % 2 == 1)
            default: b.appendInt(v)
            }
            return
        }
        switch type {
        case .bigint, .interval:
            let low = Int64(g.min ?? 0), high = Int64(g.max ?? 1_000_000)
            b.appendInt(low + Int64(random.below(UInt64(Swift.max(1, high - low + 1)))))
        case .double:
            let low = g.min ?? 0, high = g.max ?? 1
            b.appendDouble(low + random.unit() * (high - low))
        case .boolean:
            b.appendBool(random.next() & 1 == 1)
        case .varchar, .null:
            let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
            b.appendString(String((0..<g.length).map { _ in letters[Int(random.below(UInt64(letters.count)))] }))
        case .timestamp:
            b.appendInt(now - (g.maxPastMillis > 0 ? Int64(random.below(UInt64(g.maxPastMillis + 1))) : 0))
        }
    }

    private static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    private static func wallSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

/// SplitMix64: a small, fast, seedable generator (a row's values from its seed).
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, bound).
    mutating func below(_ bound: UInt64) -> UInt64 { bound == 0 ? 0 : next() % bound }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
