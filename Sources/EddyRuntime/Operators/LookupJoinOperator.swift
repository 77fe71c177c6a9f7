import EddyCore

/// A stream joined to a reference table held in memory: each stream row (port 0) looks
/// up its key in the table's current contents (port 1). Table rows replace earlier rows
/// with the same primary key. Append-only: a later change to the table does not revise
/// rows already emitted (as Flink's lookup join). The table's watermark does not hold the
/// stream back.
public final class LookupJoinOperator: StreamOperator {
    let rows: JoinRows
    let keys: KeyEncoder
    let primaryKey: [Int]
    var table: [GroupKey: [[Value]]] = [:]
    var tableRowCount = 0

    public init(spec: JoinSpec, primaryKey: [Int], leftSchema: Schema, rightSchema: Schema, outputSchema: Schema) {
        rows = JoinRows(spec: spec, leftSchema: leftSchema, rightSchema: rightSchema, outputSchema: outputSchema)
        keys = KeyEncoder(types: spec.leftKeys.map { leftSchema.fields[$0].type })
        self.primaryKey = primaryKey
    }

    public var stateSize: Int { tableRowCount }
    public func tracksWatermark(ofPort port: Int) -> Bool { port == 0 }

    public func process(_ batch: Batch, port: Int, emit: Emit) throws {
        if port == 1 {
            updateTable(batch)
            return
        }
        var out = JoinOutput()
        for item in keys.keyedRows(batch, columns: rows.spec.leftKeys) {
            let candidates = item.key.nulls == 0 ? (table[item.key] ?? []) : []
            let pairs = candidates.map { (item.row, $0) }
            let accepted = rows.accepts(pairs)
            var matched = false
            for (n, pair) in pairs.enumerated() where accepted[n] {
                matched = true
                out.add(pair.0 + pair.1, .insert)
            }
            if !matched && rows.keepsUnmatched(0) { out.add(rows.padded(item.row, side: 0), .insert) }
        }
        try out.emit(types: rows.outputTypes, appendOnly: true, emit)
    }

    func updateTable(_ batch: Batch) {
        for item in keys.keyedRows(batch, columns: rows.spec.rightKeys) {
            var list = table[item.key] ?? []
            let accumulate = batch.kind(at: item.physical).isAccumulate
            if !primaryKey.isEmpty {
                // A row with the same primary key is replaced (or removed).
                let before = list.count
                list.removeAll { existing in primaryKey.allSatisfy { existing[$0] == item.row[$0] } }
                tableRowCount -= before - list.count
            } else if !accumulate, let i = list.firstIndex(of: item.row) {
                list.remove(at: i)
                tableRowCount -= 1
            }
            if accumulate {
                list.append(item.row)
                tableRowCount += 1
            }
            table[item.key] = list.isEmpty ? nil : list
        }
    }
}
