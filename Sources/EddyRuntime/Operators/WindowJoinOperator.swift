import EddyCore

/// A join of two windowed inputs on their window (and keys): rows of one window wait
/// until the watermark passes its end, then meet. Final and append-only; an outer join
/// pads the rows of its window that found no partner.
public final class WindowJoinOperator: StreamOperator {
    let rows: JoinRows
    let keys: KeyEncoder
    let windowEnds: [Int]
    /// window end → per side, rows by key (in arrival order of keys).
    var windows: [Int64: [[GroupKey: [[Value]]]]] = [:]
    var keyOrder: [Int64: [GroupKey]] = [:]
    var watermark = Int64.min
    public internal(set) var lateRowsDropped = 0

    public init(spec: JoinSpec, leftEnd: Int, rightEnd: Int, leftSchema: Schema, rightSchema: Schema, outputSchema: Schema) {
        rows = JoinRows(spec: spec, leftSchema: leftSchema, rightSchema: rightSchema, outputSchema: outputSchema)
        keys = KeyEncoder(types: spec.leftKeys.map { leftSchema.fields[$0].type })
        windowEnds = [leftEnd, rightEnd]
    }

    public var stateSize: Int { windows.values.reduce(0) { $0 + $1[0].count + $1[1].count } }

    public func process(_ batch: Batch, port: Int, emit: Emit) throws {
        let side = port == 0 ? 0 : 1
        for item in keys.keyedRows(batch, columns: rows.keyColumns(side)) {
            guard case .timestamp(let end) = item.row[windowEnds[side]], end &- 1 > watermark else {
                lateRowsDropped += 1
                continue
            }
            var sides = windows[end] ?? [[:], [:]]
            if sides[0][item.key] == nil && sides[1][item.key] == nil { keyOrder[end, default: []].append(item.key) }
            sides[side][item.key, default: []].append(item.row)
            windows[end] = sides
        }
    }

    public func advanceWatermark(to newWatermark: Int64, emit: Emit) throws {
        guard newWatermark > watermark else { return }
        watermark = newWatermark
        var out = JoinOutput()
        for end in windows.keys.filter({ $0 &- 1 <= newWatermark }).sorted() {
            guard let sides = windows.removeValue(forKey: end) else { continue }
            for key in keyOrder.removeValue(forKey: end) ?? [] {
                let left = sides[0][key] ?? [], right = sides[1][key] ?? []
                let matchable = key.nulls == 0
                var pairs: [(left: [Value], right: [Value])] = []
                if matchable { for l in left { for r in right { pairs.append((l, r)) } } }
                let accepted = rows.accepts(pairs)
                var leftMatched = [Bool](repeating: false, count: left.count)
                var rightMatched = [Bool](repeating: false, count: right.count)
                for (n, pair) in pairs.enumerated() where accepted[n] {
                    out.add(pair.left + pair.right, .insert)
                    leftMatched[n / max(1, right.count)] = true
                    rightMatched[n % max(1, right.count)] = true
                }
                if rows.keepsUnmatched(0) { for (i, l) in left.enumerated() where !leftMatched[i] { out.add(rows.padded(l, side: 0), .insert) } }
                if rows.keepsUnmatched(1) { for (i, r) in right.enumerated() where !rightMatched[i] { out.add(rows.padded(r, side: 1), .insert) } }
            }
        }
        try out.emit(types: rows.outputTypes, appendOnly: true, emit)
    }
}
