import EddyCore

/// What the join operators share: building joined rows, padding an unmatched side with
/// NULLs, and evaluating the extra ON condition over candidate pairs a batch at a time.
struct JoinRows {
    let spec: JoinSpec
    let leftWidth: Int
    let rightWidth: Int
    let rightTypes: [DataType]
    let outputTypes: [DataType]
    private let condition: Kernel?

    init(spec: JoinSpec, leftSchema: Schema, rightSchema: Schema, outputSchema: Schema) {
        self.spec = spec
        self.leftWidth = leftSchema.count
        self.rightWidth = rightSchema.count
        self.rightTypes = rightSchema.types
        self.outputTypes = outputSchema.types
        self.condition = spec.condition.map { ExprCompiler.compile($0) }
    }

    /// The joined row: left columns, then right columns.
    func joined(left: [Value], right: [Value]) -> [Value] { left + right }

    /// A row of `side` (0 left, 1 right) with the other side's columns NULL.
    func padded(_ row: [Value], side: Int) -> [Value] {
        side == 0 ? row + [Value](repeating: .null, count: rightWidth) : [Value](repeating: .null, count: leftWidth) + row
    }

    /// Whether an unmatched row of `side` is kept (padded) by this kind of join.
    func keepsUnmatched(_ side: Int) -> Bool {
        side == 0 ? spec.kind.keepsUnmatchedLeft : spec.kind.keepsUnmatchedRight
    }

    /// For each (left, right) pair, whether the extra condition holds (TRUE, not NULL).
    func accepts(_ pairs: [(left: [Value], right: [Value])]) -> [Bool] {
        guard let condition, !pairs.isEmpty else { return [Bool](repeating: true, count: pairs.count) }
        let batch = Batch.fromRows(pairs.map { $0.left + $0.right }, types: outputTypes)
        let result = condition(batch)
        return (0..<pairs.count).map { !result.isNull($0) && result.bools[$0] }
    }

    /// The key columns of each side.
    func keyColumns(_ side: Int) -> [Int] { side == 0 ? spec.leftKeys : spec.rightKeys }
}

/// Accumulates output rows with their kinds and turns them into a batch.
struct JoinOutput {
    var rows: [[Value]] = []
    var kinds: [RowKind] = []

    mutating func add(_ row: [Value], _ kind: RowKind) {
        rows.append(row)
        kinds.append(kind)
    }

    func emit(types: [DataType], appendOnly: Bool, _ emit: Emit) throws {
        guard !rows.isEmpty else { return }
        try emit(Batch.fromRows(rows, types: types, kinds: appendOnly ? nil : kinds))
    }
}

extension KeyEncoder {
    /// The key of every live row of `batch` over `columns`, with the row's values boxed.
    func keyedRows(_ batch: Batch, columns: [Int]) -> [(key: GroupKey, row: [Value], physical: Int)] {
        let rows = batch.liveRows
        let keys = encode(columns.map { batch.columns[$0] }, rows: rows)
        return rows.enumerated().map { j, r in (keys[j], batch.columns.map { $0.value(at: Int(r)) }, Int(r)) }
    }
}
