/// Numbers and durations as people read them in reports: `1,234,567`, `12 ms`, `1.5 s`.
public enum Count {
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + String(out.reversed())
    }

    public static func duration(nanos: UInt64) -> String { duration(seconds: Double(nanos) / 1e9) }

    public static func duration(seconds s: Double) -> String {
        if s < 0.001 { return "\(Int((s * 1_000_000).rounded())) µs" }
        if s < 1 { return "\(Int((s * 1000).rounded())) ms" }
        return "\(Double(Int(s * 100)) / 100) s"
    }
}
