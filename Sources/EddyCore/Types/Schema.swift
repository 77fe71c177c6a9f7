/// A named, typed column of a relation.
public struct Field: Hashable, Sendable, Codable {
    public var name: String
    public var type: DataType
    public var nullable: Bool

    public init(_ name: String, _ type: DataType, nullable: Bool = true) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }
}

/// The ordered columns of a relation: a source, an operator's output, a sink's input.
public struct Schema: Hashable, Sendable, Codable {
    public var fields: [Field]

    public init(_ fields: [Field]) { self.fields = fields }

    public var count: Int { fields.count }
    public var names: [String] { fields.map(\.name) }
    public var types: [DataType] { fields.map(\.type) }

    /// `names` with each repeat made unique as Flink does: the second `amount` becomes
    /// `amount0`, the third `amount1` (compared case-insensitively).
    public static func uniqueNames(_ names: [String]) -> [String] {
        var taken = Set<String>()
        var result: [String] = []
        result.reserveCapacity(names.count)
        for name in names {
            var candidate = name
            var suffix = 0
            while taken.contains(candidate.lowercased()) {
                candidate = name + String(suffix)
                suffix += 1
            }
            taken.insert(candidate.lowercased())
            result.append(candidate)
        }
        return result
    }

    /// The index of the column with this name, compared case-insensitively as SQL does.
    public func index(of name: String) -> Int? {
        let lower = name.lowercased()
        return fields.firstIndex { $0.name.lowercased() == lower }
    }
}

/// Whether a stream only ever appends rows, or also updates and deletes them.
public enum ChangelogMode: String, Codable, Sendable, Hashable {
    case appendOnly = "append-only"
    case updates = "updates"
}

/// The kind of one row of a changelog, as Flink names them.
public enum RowKind: UInt8, Codable, Sendable, Hashable {
    case insert = 0
    case updateBefore = 1
    case updateAfter = 2
    case delete = 3

    /// `+I`, `-U`, `+U`, `-D`.
    public var symbol: String {
        switch self {
        case .insert: return "+I"
        case .updateBefore: return "-U"
        case .updateAfter: return "+U"
        case .delete: return "-D"
        }
    }

    /// Whether the row adds to the result (`+I`, `+U`) rather than retracting (`-U`, `-D`).
    public var isAccumulate: Bool { self == .insert || self == .updateAfter }

    public init?(symbol: String) {
        switch symbol {
        case "+I": self = .insert
        case "-U": self = .updateBefore
        case "+U": self = .updateAfter
        case "-D": self = .delete
        default: return nil
        }
    }
}
