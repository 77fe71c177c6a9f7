import EddyCore

/// A window table-valued function without aggregation: each row gains window_start,
/// window_end and window_time (window_end - 1 ms) for every window that holds its event
/// time; HOP and CUMULATE repeat the row for each of its windows.
public final class WindowAssignOperator: StreamOperator {
    private let assigner: WindowAssigner
    private let timeColumn: Int

    public init(window: WindowSpec, timeColumn: Int) {
        self.assigner = WindowAssigner(window: window)
        self.timeColumn = timeColumn
    }

    public func process(_ batch: Batch, port: Int, emit: Emit) throws {
        let times = batch.columns[timeColumn]
        guard case .ints(let ts) = times.values else { return }
        var source: [Int32] = []
        var starts: [Int64] = []
        var ends: [Int64] = []
        source.reserveCapacity(batch.count)
        batch.forEachRow { r in
            if times.isNull(r) { return }
            for w in assigner.windows(ts[r]) {
                source.append(Int32(r))
                starts.append(w.start)
                ends.append(w.end)
            }
        }
        guard !source.isEmpty else { return }
        var columns = batch.columns.map { $0.gather(source) }
        columns.append(Column(type: .timestamp, values: .ints(starts)))
        columns.append(Column(type: .timestamp, values: .ints(ends)))
        columns.append(Column(type: .timestamp, values: .ints(ends.map { $0 - 1 })))
        try emit(Batch(columns: columns, rowCount: source.count, rowKinds: batch.rowKinds.map { kinds in source.map { kinds[Int($0)] } }))
    }
}
