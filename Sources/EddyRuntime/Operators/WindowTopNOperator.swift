import EddyCore

/// Top-N per window: keeps the best `limit` rows of each (window, partition) and emits
/// them with their rank when the watermark passes the window's end. Final, append-only.
public final class WindowTopNOperator: StreamOperator {
    let spec: TopNSpec
    let windowEnd: Int
    let ordering: RowOrdering
    let keys: KeyEncoder
    let outputTypes: [DataType]
    /// window end → partition → its best rows, sorted.
    var windows: [Int64: [GroupKey: [[Value]]]] = [:]
    var partitionOrder: [Int64: [GroupKey]] = [:]
    var watermark = Int64.min
    public internal(set) var lateRowsDropped = 0

    public init(spec: TopNSpec, windowEndColumn: Int, inputSchema: Schema, outputSchema: Schema) {
        self.spec = spec
        self.windowEnd = windowEndColumn
        self.ordering = RowOrdering(keys: spec.orderBy)
        self.keys = KeyEncoder(types: spec.partitionColumns.map { inputSchema.fields[$0].type })
        self.outputTypes = outputSchema.types
    }

    public var stateSize: Int { windows.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.count } } }

    public func process(_ batch: Batch, port: Int, emit: Emit) throws {
        let rows = batch.liveRows
        let partitionKeys = keys.encode(spec.partitionColumns.map { batch.columns[$0] }, rows: rows)
        let ends = batch.columns[windowEnd]
        for (j, r) in rows.enumerated() {
            guard case .timestamp(let end) = ends.value(at: Int(r)) else { continue }
            if end &- 1 <= watermark {
                lateRowsDropped += 1
                continue
            }
            let row = batch.columns.map { $0.value(at: Int(r)) }
            let key = partitionKeys[j]
            var partitions = windows[end] ?? [:]
            var best = partitions[key] ?? []
            if best.isEmpty { partitionOrder[end, default: []].append(key) }
            let i = ordering.insertionIndex(of: row, in: best)
            if i < spec.limit {
                best.insert(row, at: i)
                if best.count > spec.limit { best.removeLast() }
            }
            partitions[key] = best
            windows[end] = partitions
        }
    }

    public func advanceWatermark(to newWatermark: Int64, emit: Emit) throws {
        guard newWatermark > watermark else { return }
        watermark = newWatermark
        let due = windows.keys.filter { $0 &- 1 <= newWatermark }.sorted()
        guard !due.isEmpty else { return }
        var out: [[Value]] = []
        for end in due {
            guard let partitions = windows.removeValue(forKey: end) else { continue }
            for key in partitionOrder.removeValue(forKey: end) ?? [] {
                for (rank, row) in (partitions[key] ?? []).enumerated() {
                    out.append(spec.emitsRowNumber ? row + [.int(Int64(rank + 1))] : row)
                }
            }
        }
        try emit(Batch.fromRows(out, types: outputTypes))
    }
}
