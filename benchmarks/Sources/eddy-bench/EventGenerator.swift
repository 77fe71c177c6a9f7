#if canImport(Glibc)
    import Glibc
#endif

/// Writes a deterministic clickstream as JSON lines, the shape of
/// benchmarks/peers/gen_events.py: `{"ts": ..., "user": "u123", "page": "/p7",
/// "amount": 12.34, "kind": "view"}` (~85 bytes), 1000 events per second of event time,
/// each up to 2 s out of order, users u0..u9999.
struct EventGenerator {
    var seed: UInt64 = 42

    private mutating func next() -> UInt64 {
        // SplitMix64: fast and reproducible.
        seed &+= 0x9E37_79B9_7F4A_7C15
        var z = seed
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func write(count: Int, to path: String) -> Bool {
        guard let file = fopen(path, "w") else { return false }
        defer { fclose(file) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        let kinds = ["view", "view", "view", "view", "view", "view", "view", "click", "click", "buy"]
        for i in 0..<count {
            let ts = 1_700_000_000_000 + Int64(i) - Int64(next() % 2001)
            let user = next() % 10_000
            let page = next() % 100
            let cents = next() % 50_000
            let kind = kinds[Int(next() % 10)]
            let amount = "\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)"
            let line = "{\"ts\": \(ts), \"user\": \"u\(user)\", \"page\": \"/p\(page)\", \"amount\": \(amount), \"kind\": \"\(kind)\"}\n"
            buffer.append(contentsOf: line.utf8)
            if buffer.count > 1 << 20 {
                fwrite(buffer, 1, buffer.count, file)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        fwrite(buffer, 1, buffer.count, file)
        return true
    }
}
