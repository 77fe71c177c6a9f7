/// The compiled plan's JSON (format version 2): every choice among cases is an object
/// with one key naming the case, and the case's fields under it, with the names written
/// here, not derived from Swift case names:
///
/// ```
/// operator     {"source": SourceSpec} {"filter": {"predicate": e}} {"project": {"expressions": [e]}}
///              {"calc": {"predicate"?: e, "expressions": [e]}} {"windowAggregate": spec}
///              {"localWindowAggregate": spec} {"groupAggregate": spec} {"union": {}}
///              {"windowAssign": {"window": w, "timeColumn": n}} {"join": spec} {"topN": spec} {"sink": spec}
/// expression   {"column": {"index": n, "type": t}} {"literal": {"value": v, "type": t}}
///              {"call": {"function": "LIKE", "args": [e], "type": t}} {"cast": {"expr": e, "to": t}}
///              {"case": {"branches": [{"condition": e, "result": e}], "otherwise"?: e, "type": t}}
/// value        null {"bool": b} {"int": n} {"double": x | "NaN" | "Infinity" | "-Infinity"}
///              {"string": s} {"timestamp": ms} {"interval": ms}
/// window       {"tumble": {"size": ms}} {"hop": {"slide": ms, "size": ms}} {"session": {"gap": ms}}
///              {"cumulate": {"step": ms, "maxSize": ms}}
/// join         {"regular": {}} {"interval": {"leftTime", "rightTime", "lowerMillis", "upperMillis"}}
///              {"window": {"leftStart", "leftEnd", "rightStart", "rightEnd"}} {"lookup": {"primaryKey": [n]}}
/// sink target  {"stdout": {"query": n}} {"file": {"path": p, "format": f}} {"collect": {"name": s}}
///              {"database": {"system": "sqlite" | "postgres", "location", "table", "primaryKey": [s],
///                            "maxRetries"?: n,
///                            "queryTimeoutMillis"?: ms}}  (location: a SQLite file, or a PostgreSQL URL)
/// ```
///
/// Structs are objects of their stored properties; enums without fields are strings.
/// Tests/Golden/plan-format holds a plan in this format and one in format 1, and both must
/// keep reading.
enum PlanFormat {
    /// A key known only when read or written (the tag of a case).
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The tag of a one-key object and a container for its fields.
    static func tag(_ decoder: Decoder, _ what: String) throws -> (String, KeyedDecodingContainer<Key>) {
        let outer = try decoder.container(keyedBy: Key.self)
        guard outer.allKeys.count == 1, let key = outer.allKeys.first else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "\(what) must be an object with one key, found \(outer.allKeys.map(\.stringValue))"))
        }
        let fields = (try? outer.nestedContainer(keyedBy: Key.self, forKey: key)) ?? outer
        return (key.stringValue, fields)
    }

    static func unknown(_ tag: String, _ what: String, _ decoder: Decoder) -> DecodingError {
        .dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown \(what) '\(tag)'"))
    }

    /// Writes `{tag: {fields}}`; `fields` fills the inner object.
    static func write(_ encoder: Encoder, _ tag: String, _ fields: (inout KeyedEncodingContainer<Key>) throws -> Void) throws {
        var outer = encoder.container(keyedBy: Key.self)
        var inner = outer.nestedContainer(keyedBy: Key.self, forKey: Key(tag))
        try fields(&inner)
    }
}

extension KeyedDecodingContainer where Key == PlanFormat.Key {
    func value<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T { try decode(T.self, forKey: .init(name)) }
    func optional<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T? { try decodeIfPresent(T.self, forKey: .init(name)) }
}

extension KeyedEncodingContainer where Key == PlanFormat.Key {
    mutating func put<T: Encodable>(_ value: T, _ name: String) throws { try encode(value, forKey: .init(name)) }
    mutating func putIfPresent<T: Encodable>(_ value: T?, _ name: String) throws { try encodeIfPresent(value, forKey: .init(name)) }
}
