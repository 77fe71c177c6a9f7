import EddyCore

/// CAST between every pair of types. A value that does not convert (`CAST('abc' AS
/// BIGINT)`) becomes NULL rather than stopping the stream.
enum CastKernels {
    static func cast(_ a: Column, to type: DataType) -> Column {
        if a.type == type { return a }
        switch (a.values, type) {
        case (.ints(let v), .double):
            return Column(type: .double, values: .doubles(v.map(Double.init)), validity: a.validity)
        case (.ints(let v), .bigint), (.ints(let v), .timestamp), (.ints(let v), .interval):
            return Column(type: type, values: .ints(v), validity: a.validity)
        case (.bools(let v), .bigint):
            return Column(type: .bigint, values: .ints(v.map { $0 ? 1 : 0 }), validity: a.validity)
        case (.ints(let v), .boolean):
            return Column(type: .boolean, values: .bools(v.map { $0 != 0 }), validity: a.validity)
        case (_, .varchar):
            var b = ColumnBuilder(type: .varchar, capacity: a.count)
            for i in 0..<a.count {
                if a.isNull(i) { b.appendNull() } else { b.appendString(a.value(at: i).displayText) }
            }
            return b.finish()
        default:
            var b = ColumnBuilder(type: type, capacity: a.count)
            for i in 0..<a.count { b.append(convert(a.value(at: i), to: type)) }
            return b.finish()
        }
    }

    /// One value converted, or NULL when it does not convert.
    static func convert(_ v: Value, to type: DataType) -> Value {
        switch (v, type) {
        case (.null, _): return .null
        case (.double(let d), .bigint):
            guard d.isFinite, let i = Int64(exactly: d.rounded(.towardZero)) else { return .null }
            return .int(i)
        case (.double(let d), .boolean): return .bool(d != 0)
        case (.string(let s), .bigint):
            let t = s.trimmingWhitespace()
            if let i = Int64(t) { return .int(i) }
            return .null
        case (.string(let s), .double): return Double(s.trimmingWhitespace()).map(Value.double) ?? .null
        case (.string(let s), .boolean):
            switch s.trimmingWhitespace().lowercased() {
            case "true", "t", "yes", "1": return .bool(true)
            case "false", "f", "no", "0": return .bool(false)
            default: return .null
            }
        case (.string(let s), .timestamp): return Timestamps.parse(s.trimmingWhitespace()).map(Value.timestamp) ?? .null
        case (.timestamp(let t), .bigint): return .int(t)
        case (.int(let i), .timestamp): return .timestamp(i)
        default: return v
        }
    }
}
