/// Random, well-typed queries over one source, and random data for it, from a seed: the
/// input of the differential fuzzer. Every query is one Eddy accepts; the shapes cover
/// filters and projections, subqueries, aggregations with and without windows (all four
/// kinds), DISTINCT, UNION ALL, Top-N and joins, so that each optimizer rule and each
/// operator sees them.
struct QueryGenerator {
    /// The source every query reads. Event times are unique and at most 3 s out of order,
    /// below the watermark's 5 s: no event is late however the input is batched or split
    /// among workers, so every way of running a query must give the same rows.
    static let sourceColumns = "k BIGINT, g VARCHAR, v BIGINT, d DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND"

    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    mutating func next(_ n: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(max(1, n)))
    }

    mutating func chance(_ percent: Int) -> Bool { next(100) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }

    // MARK: - Data

    /// `count` JSON lines for the source.
    mutating func events(_ count: Int) -> [String] {
        var times = (0..<count).map { 1_704_067_200_000 + Int64($0) * 1000 + Int64(next(1000)) }
        // Local disorder: swap neighbours, so events arrive up to ~3 s out of order.
        for i in stride(from: 0, to: times.count - 2, by: 1) where chance(30) { times.swapAt(i, i + 1 + next(2)) }
        return times.map { ts in
            let k = chance(8) ? "null" : "\(next(5))"
            let g = chance(8) ? "null" : "\"\(pick(["a", "b", "c", "ab", "B", "ca"]))\""
            let v = chance(8) ? "null" : "\(next(101) - 50)"
            let d = chance(8) ? "null" : "\(Double(next(2001) - 1000) / 8)"
            return "{\"k\": \(k), \"g\": \(g), \"v\": \(v), \"d\": \(d), \"ts\": \(ts)}"
        }
    }

    // MARK: - Expressions

    mutating func int(_ depth: Int = 2, _ q: String = "") -> String {
        if depth <= 0 || chance(35) { return chance(70) ? q + pick(["k", "v"]) : "\(next(11) - 3)" }
        switch next(8) {
        case 0: return "(\(int(depth - 1, q)) + \(int(depth - 1, q)))"
        case 1: return "(\(int(depth - 1, q)) - \(int(depth - 1, q)))"
        case 2: return "(\(int(depth - 1, q)) * \(int(depth - 1, q)))"
        case 3: return "ABS(\(int(depth - 1, q)))"
        case 4: return "(\(int(depth - 1, q)) % \(pick([2, 3, 7])))"
        case 5: return "COALESCE(\(q)v, \(next(5)))"
        case 6: return "CHAR_LENGTH(\(string(depth - 1, q)))"
        default: return "CASE WHEN \(bool(depth - 1, q)) THEN \(int(depth - 1, q)) ELSE \(int(depth - 1, q)) END"
        }
    }

    mutating func string(_ depth: Int = 2, _ q: String = "") -> String {
        if depth <= 0 || chance(40) { return chance(75) ? q + "g" : "'\(pick(["a", "b", "zz"]))'" }
        switch next(5) {
        case 0: return "UPPER(\(string(depth - 1, q)))"
        case 1: return "LOWER(\(string(depth - 1, q)))"
        case 2: return "SUBSTRING(\(string(depth - 1, q)), 1, \(1 + next(2)))"
        case 3: return "(\(string(depth - 1, q)) || '\(pick(["x", "-"]))')"
        default: return "COALESCE(\(q)g, '\(pick(["none", "a"]))')"
        }
    }

    mutating func double(_ q: String = "") -> String {
        pick(["\(q)d", "(\(q)d * 2)", "(\(q)d + \(q)v)", "CAST(\(q)v AS DOUBLE)", "ROUND(\(q)d, 1)"])
    }

    mutating func bool(_ depth: Int = 2, _ q: String = "") -> String {
        if depth <= 0 || chance(30) {
            switch next(7) {
            case 0: return "\(q)\(pick(["k", "v", "g", "d"])) IS \(chance(50) ? "" : "NOT ")NULL"
            case 1: return "\(string(1, q)) \(pick(["=", "<>", "<", ">="])) '\(pick(["a", "b", "ab"]))'"
            case 2: return "\(q)g LIKE '\(pick(["a%", "%b", "_", "%"]))'"
            case 3: return "\(q)k IN (\(next(3)), \(next(3) + 2))"
            case 4: return "\(q)v BETWEEN \(next(20) - 20) AND \(next(30))"
            case 5: return "\(double(q)) \(pick(["<", ">"])) \(next(100) - 50).5"
            default: return "\(int(1, q)) \(pick(["=", "<>", "<", "<=", ">", ">="])) \(int(1, q))"
            }
        }
        switch next(3) {
        case 0: return "(\(bool(depth - 1, q)) AND \(bool(depth - 1, q)))"
        case 1: return "(\(bool(depth - 1, q)) OR \(bool(depth - 1, q)))"
        default: return "NOT (\(bool(depth - 1, q)))"
        }
    }

    /// A few named output expressions of mixed types.
    mutating func projections(_ q: String = "") -> [String] {
        (0..<(1 + next(3))).enumerated().map { i, _ in
            let e = [int(2, q), string(2, q), double(q), bool(1, q)][next(4)]
            return "\(e) AS c\(i)"
        }
    }

    mutating func aggregates() -> [String] {
        let all = ["COUNT(*)", "COUNT(v)", "SUM(v)", "MIN(v)", "MAX(v)", "AVG(v)", "MIN(g)", "MAX(d)", "COUNT(DISTINCT g)", "SUM(DISTINCT k)"]
        return (0..<(1 + next(3))).map { i in "\(pick(all)) AS a\(i)" }
    }

    mutating func window() -> (call: String, session: Bool) {
        switch next(4) {
        case 0: return ("TUMBLE(e, ts, INTERVAL '\(pick([5, 10, 30]))' SECOND)", false)
        case 1:
            let slide = pick([5, 10])
            return ("HOP(e, ts, INTERVAL '\(slide)' SECOND, INTERVAL '\(slide * pick([2, 3]))' SECOND)", false)
        case 2:
            let step = pick([5, 10])
            return ("CUMULATE(e, ts, INTERVAL '\(step)' SECOND, INTERVAL '\(step * pick([2, 4]))' SECOND)", false)
        default: return ("SESSION(e PARTITION BY k, ts, INTERVAL '\(pick([2, 3]))' SECOND)", true)
        }
    }

    // MARK: - Queries

    /// One random query over `e`.
    mutating func query() -> String {
        switch next(9) {
        case 0:
            return "SELECT \(projections().joined(separator: ", ")) FROM e WHERE \(bool(3))"
        case 1:
            return "SELECT c0, c1 FROM (SELECT \(int()) AS c0, \(string()) AS c1, k, v, g, d FROM e WHERE \(bool())) WHERE \(bool(2))"
                .replacingOccurrences(of: "WHERE (", with: "WHERE (")
        case 2:
            let key = pick(["k", "g", "k % 2"])
            let having = chance(40) ? " HAVING COUNT(*) > \(next(4))" : ""
            let filter = chance(60) ? " WHERE \(bool())" : ""
            return "SELECT \(key) AS key, \(aggregates().joined(separator: ", ")) FROM e\(filter) GROUP BY \(key)\(having)"
        case 3:
            let (call, session) = window()
            let key = session ? "k" : pick(["k", "g"])
            let filter = chance(50) ? " WHERE \(bool())" : ""
            return "SELECT \(key), window_start, window_end, \(aggregates().joined(separator: ", ")) FROM \(call)\(filter) GROUP BY \(key), window_start, window_end"
        case 4:
            return "SELECT DISTINCT \(pick(["g", "k % 3", "UPPER(g)"])) AS x, \(pick(["k", "v > 0"])) AS y FROM e WHERE \(bool())"
        case 5:
            return "SELECT k, g FROM e WHERE \(bool()) UNION ALL SELECT v, UPPER(g) FROM e WHERE \(bool())"
        case 6:
            let partition = pick(["k", "g"])
            let filter = chance(50) ? " WHERE \(bool())" : ""
            return "SELECT * FROM (SELECT \(partition), v, ts, ROW_NUMBER() OVER (PARTITION BY \(partition) ORDER BY v DESC, ts) AS rn FROM e\(filter)) WHERE rn <= \(1 + next(3))"
        case 7:
            return "SELECT a.k, a.v, b.v FROM e a JOIN e b ON a.k = b.k AND b.ts BETWEEN a.ts - INTERVAL '2' SECOND AND a.ts + INTERVAL '1' SECOND WHERE \(bool(1, "a."))"
        default:
            let kind = pick(["JOIN", "LEFT JOIN"])
            return "SELECT a.g, a.v, b.d FROM e a \(kind) (SELECT * FROM e WHERE \(bool(1))) b ON a.k = b.k AND a.g = b.g WHERE \(bool(1, "a."))"
        }
    }
}
