import EddyCore

extension Column {
    /// The rows of `a`, then the rows of `b` (both of one type).
    static func concatenated(_ a: Column, _ b: Column) -> Column {
        let validity: [Bool]? =
            a.validity == nil && b.validity == nil
            ? nil : (a.validity ?? Array(repeating: true, count: a.count)) + (b.validity ?? Array(repeating: true, count: b.count))
        switch (a.values, b.values) {
        case (.ints(let x), .ints(let y)): return Column(type: a.type, values: .ints(x + y), validity: validity)
        case (.doubles(let x), .doubles(let y)): return Column(type: a.type, values: .doubles(x + y), validity: validity)
        case (.strings(let x), .strings(let y)): return Column(type: a.type, values: .strings(x + y), validity: validity)
        case (.bools(let x), .bools(let y)): return Column(type: a.type, values: .bools(x + y), validity: validity)
        default:
            // Columns of one type share a storage; anything else is boxed, slowly but right.
            var builder = ColumnBuilder(type: a.type, capacity: a.count + b.count)
            for i in 0..<a.count { builder.append(a.value(at: i)) }
            for i in 0..<b.count { builder.append(b.value(at: i)) }
            return builder.finish()
        }
    }

    /// Whether row `i` of this column holds what row `j` of `other` does (NULL equals
    /// NULL here: this decides whether a result changed, not SQL's `=`).
    @inline(__always)
    func sameValue(at i: Int, as other: Column, at j: Int) -> Bool {
        let nullHere = isNull(i), nullThere = other.isNull(j)
        if nullHere || nullThere { return nullHere == nullThere }
        switch (values, other.values) {
        case (.ints(let x), .ints(let y)): return x[i] == y[j]
        case (.doubles(let x), .doubles(let y)): return x[i] == y[j]
        case (.strings(let x), .strings(let y)): return x[i] == y[j]
        case (.bools(let x), .bools(let y)): return x[i] == y[j]
        default: return value(at: i) == other.value(at: j)
        }
    }
}
