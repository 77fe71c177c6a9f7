import EddyCore

/// An expression compiled once into a function from a batch to a column of results, one
/// per physical row (rows outside the selection are computed too, and ignored).
public typealias Kernel = (Batch) -> Column

/// Validity helpers shared by the kernels.
enum Validity {
    /// Rows valid in both: nil when both are all-valid.
    @inline(__always)
    static func and(_ a: [Bool]?, _ b: [Bool]?) -> [Bool]? {
        switch (a, b) {
        case (nil, nil): return nil
        case (let x?, nil): return x
        case (nil, let y?): return y
        case (let x?, let y?): return zip(x, y).map { $0 && $1 }
        }
    }

    static func and(_ all: [[Bool]?]) -> [Bool]? {
        all.reduce(nil as [Bool]?) { and($0, $1) }
    }

    /// nil when every entry is true (the cheaper representation).
    @inline(__always)
    static func normalized(_ v: [Bool]) -> [Bool]? { v.contains(false) ? v : nil }
}

extension Column {
    var ints: [Int64] {
        if case .ints(let v) = values { return v }
        return [Int64](repeating: 0, count: count)
    }
    var doubles: [Double] {
        switch values {
        case .doubles(let v): return v
        case .ints(let v): return v.map(Double.init)
        default: return [Double](repeating: 0, count: count)
        }
    }
    var bools: [Bool] {
        if case .bools(let v) = values { return v }
        return [Bool](repeating: false, count: count)
    }
    var strings: [String] {
        if case .strings(let v) = values { return v }
        return (0..<count).map { value(at: $0).displayText }
    }
}
