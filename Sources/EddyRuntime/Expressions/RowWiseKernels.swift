import EddyCore

/// Builds the result column of a function computed one row at a time: rows where any input
/// is NULL stay NULL without calling the body, and the body returns nil for a row whose
/// result is NULL (an index out of range, a value that does not parse).
enum RowWise {
    static func column<T>(
        _ inputs: [Column], rowCount: Int, placeholder: T, wrap: ([T]) -> ColumnValues, type: DataType,
        _ body: (Int) -> T?
    ) -> Column {
        var valid = Validity.and(inputs.map(\.validity)) ?? [Bool](repeating: true, count: rowCount)
        var out = [T](repeating: placeholder, count: rowCount)
        for i in 0..<rowCount where valid[i] {
            if let v = body(i) { out[i] = v } else { valid[i] = false }
        }
        return Column(type: type, values: wrap(out), validity: Validity.normalized(valid))
    }

    static func strings(_ inputs: [Column], rowCount: Int, _ body: (Int) -> String?) -> Column {
        column(inputs, rowCount: rowCount, placeholder: "", wrap: ColumnValues.strings, type: .varchar, body)
    }

    /// A BIGINT column, or TIMESTAMP / INTERVAL with `type`.
    static func ints(_ inputs: [Column], rowCount: Int, type: DataType = .bigint, _ body: (Int) -> Int64?) -> Column {
        column(inputs, rowCount: rowCount, placeholder: 0, wrap: ColumnValues.ints, type: type, body)
    }

    static func doubles(_ inputs: [Column], rowCount: Int, _ body: (Int) -> Double?) -> Column {
        column(inputs, rowCount: rowCount, placeholder: 0, wrap: ColumnValues.doubles, type: .double, body)
    }

    static func bools(_ inputs: [Column], rowCount: Int, _ body: (Int) -> Bool?) -> Column {
        column(inputs, rowCount: rowCount, placeholder: false, wrap: ColumnValues.bools, type: .boolean, body)
    }

    /// The string of a literal argument (a unit keyword, a pattern), if it is one.
    static func literalString(_ e: ScalarExpr) -> String? {
        if case .literal(.string(let s), _) = e { return s }
        return nil
    }
}
