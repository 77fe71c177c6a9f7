import EddyCore

/// Compares boxed rows by ORDER BY keys (ascending or descending, NULLs first or last),
/// for Top-N.
struct RowOrdering {
    let keys: [TopNSpec.SortKey]

    /// Whether `a` ranks before `b`.
    func precedes(_ a: [Value], _ b: [Value]) -> Bool {
        for k in keys {
            let x = a[k.column], y = b[k.column]
            if x.isNull || y.isNull {
                if x.isNull && y.isNull { continue }
                return x.isNull == k.nullsFirst
            }
            let c = Value.compare(x, y)
            if c != 0 { return k.descending ? c > 0 : c < 0 }
        }
        return false
    }

    /// The index at which `row` goes into `sorted`, after rows that rank equal (so the
    /// earlier arrival keeps the better rank, as in Flink).
    func insertionIndex(of row: [Value], in sorted: [[Value]]) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if precedes(row, sorted[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
