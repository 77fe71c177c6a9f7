import Foundation

extension PlanFile {
    /// A plan of format 1 (Swift's synthesized coding, which wrapped unnamed fields in
    /// `"_0"`) rewritten as format 2: the same tree with the wrappers named or removed
    /// (`{"source": {"_0": s}}` → `{"source": s}`, `{"int": {"_0": 5}}` → `{"int": 5}`,
    /// `{"null": {}}` → `null`, `"caseWhen"` → `"case"`, a call's `"_0"` → `"function"`, a
    /// literal's → `"value"`, a cast's → `"expr"`).
    static func upgradeFromVersion1(_ data: Data) throws -> Data {
        let tree = try JSONSerialization.jsonObject(with: data)
        guard var plan = upgrade(tree, key: nil) as? [String: Any] else { return data }
        plan["version"] = 2
        return try JSONSerialization.data(withJSONObject: plan)
    }

    private static let renamedFields = ["call": "function", "literal": "value", "cast": "expr"]

    private static func upgrade(_ node: Any, key: String?) -> Any {
        if let array = node as? [Any] { return array.map { upgrade($0, key: nil) } }
        guard let object = node as? [String: Any] else { return node }
        if object.count == 1, let only = object["_0"] { return upgrade(only, key: nil) }
        if object.count == 1, let empty = object["null"] as? [String: Any], empty.isEmpty { return NSNull() }
        var out: [String: Any] = [:]
        for (k, v) in object {
            var name = k == "caseWhen" ? "case" : k
            if k == "_0", let key, let renamed = renamedFields[key] { name = renamed }
            out[name] = upgrade(v, key: name)
        }
        return out
    }
}
