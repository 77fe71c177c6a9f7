import EddyCore

/// A group key as a small struct of integers: up to three key columns inline, more in
/// `rest`. Strings are interned to ids and doubles stored by bit pattern, so hashing a key
/// never touches a string (see SWIFT-NOTES: ~50 ns a lookup instead of ~170 for arrays of
/// values).
public struct GroupKey: Hashable, Sendable, Codable {
    public var a: Int64 = 0
    public var b: Int64 = 0
    public var c: Int64 = 0
    /// Bit i set: key column i is NULL.
    public var nulls: UInt32 = 0
    public var rest: [Int64]? = nil

    public init() {}

    /// Mixes every part of the key into one word (interned ids are small and dense, so
    /// the bits must be spread): multiply-xor rounds with a final avalanche. Open
    /// addressing uses it directly; `Hasher` gets it as one word instead of five fields.
    @inline(__always)
    var mixedHash: Int {
        var h = UInt64(bitPattern: a) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ UInt64(bitPattern: b)) &* 0xC2B2_AE3D_27D4_EB4F
        h = (h ^ UInt64(bitPattern: c)) &* 0x1656_67B1_9E37_79F9
        h ^= UInt64(nulls)
        if let rest {
            for part in rest { h = (h ^ UInt64(bitPattern: part)) &* 0x9E37_79B9_7F4A_7C15 }
        }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }

    @inline(__always)
    public func hash(into hasher: inout Hasher) { hasher.combine(mixedHash) }

    /// What a `Dictionary` or `Set` of keys hashes by: the mixed hash with the table's seed
    /// folded in, instead of a SipHash of it (which cost more than the rest of a lookup;
    /// a key's parts are interned ids and numbers, already spread by `mixedHash`). This is
    /// the standard library's hook for that, as `Int` uses it.
    @inline(__always)
    public func _rawHashValue(seed: Int) -> Int {
        var h = UInt64(bitPattern: Int64(mixedHash)) ^ UInt64(bitPattern: Int64(seed))
        h = (h ^ (h >> 31)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    @inline(__always)
    public subscript(i: Int) -> Int64 {
        get {
            switch i {
            case 0: return a
            case 1: return b
            case 2: return c
            default: return rest?[i - 3] ?? 0
            }
        }
        set {
            switch i {
            case 0: a = newValue
            case 1: b = newValue
            case 2: c = newValue
            default:
                var more = rest ?? []
                rest = nil  // leaves `more` the only reference: no copy
                while more.count <= i - 3 { more.append(0) }
                more[i - 3] = newValue
                rest = more
            }
        }
    }
}

/// Turns key columns into `GroupKey`s and back. Strings get ids that hold while any key
/// uses them; checkpoints store the strings, not the ids, and `compact` renumbers.
public final class KeyEncoder {
    public let types: [DataType]
    private var interner = StringInterner()
    /// The interned strings, by id.
    public var strings: [String] { interner.strings }

    public init(types: [DataType]) { self.types = types }

    /// Whether the interned strings far outnumber the `liveKeys` keys that could use them
    /// (a stream of ever-new keys whose state has gone), so `compact` is worth its cost.
    public func shouldCompact(liveKeys: Int) -> Bool {
        types.contains { $0 == .varchar || $0 == .null } && interner.strings.count > 4 * max(liveKeys, 16_384)
    }

    /// Forgets every string no key of `live` uses and returns those keys renumbered, in
    /// the same order: memory follows the live state, not every key ever seen.
    public func compact(_ live: [GroupKey]) -> [GroupKey] {
        let old = interner.strings
        var fresh = StringInterner()
        var newId = [Int64](repeating: -1, count: old.count)
        let stringParts = types.indices.filter { types[$0] == .varchar || types[$0] == .null }
        let renumbered = live.map { key -> GroupKey in
            var key = key
            for k in stringParts where key.nulls & (1 << UInt32(k)) == 0 {
                let id = Int(key[k])
                guard id >= 0 && id < old.count else { continue }
                if newId[id] < 0 { newId[id] = fresh.id(old[id]) }
                key[k] = newId[id]
            }
            return key
        }
        interner = fresh
        return renumbered
    }

    /// The id of a string, assigning the next one if it is new.
    @inline(__always)
    public func intern(_ s: String) -> Int64 { interner.id(s) }

    /// The keys of the given rows of `columns` (one column per key part).
    public func encode(_ columns: [Column], rows: [Int32]) -> [GroupKey] {
        // Each key made in place: copying one blank key into every element costs a call
        // per row (the optional `rest`), measurable on the hot path.
        var keys = [GroupKey](unsafeUninitializedCapacity: rows.count) { buffer, made in
            for j in 0..<rows.count { buffer.initializeElement(at: j, to: GroupKey()) }
            made = rows.count
        }
        for (k, column) in columns.enumerated() {
            let validity = column.validity
            switch column.values {
            case .ints(let v):
                for (j, r) in rows.enumerated() { keys[j][k] = v[Int(r)] }
            case .doubles(let v):
                // -0.0 and 0.0 are one group, as are all NaNs.
                for (j, r) in rows.enumerated() {
                    let d = v[Int(r)]
                    keys[j][k] = Int64(bitPattern: d == 0 ? 0 : (d.isNaN ? Double.nan.bitPattern : d.bitPattern))
                }
            case .bools(let v):
                for (j, r) in rows.enumerated() { keys[j][k] = v[Int(r)] ? 1 : 0 }
            case .strings(let v):
                for (j, r) in rows.enumerated() { keys[j][k] = intern(v[Int(r)]) }
            }
            if let validity {
                for (j, r) in rows.enumerated() where !validity[Int(r)] {
                    keys[j][k] = 0
                    keys[j].nulls |= 1 << UInt32(k)
                }
            }
        }
        return keys
    }

    /// The value of key part `k`.
    public func value(_ key: GroupKey, part k: Int) -> Value {
        if key.nulls & (1 << UInt32(k)) != 0 { return .null }
        let raw = key[k]
        switch types[k] {
        case .bigint: return .int(raw)
        case .timestamp: return .timestamp(raw)
        case .interval: return .interval(raw)
        case .double: return .double(Double(bitPattern: UInt64(bitPattern: raw)))
        case .boolean: return .bool(raw != 0)
        case .varchar, .null: return raw >= 0 && Int(raw) < strings.count ? .string(strings[Int(raw)]) : .null
        }
    }

    /// Writes a key with its values (interned ids are not stable across runs): a null
    /// mask, then each part by type.
    public func write(_ key: GroupKey, to w: inout StateWriter) {
        w.writeUInt(UInt64(key.nulls))
        for k in 0..<types.count where key.nulls & (1 << UInt32(k)) == 0 {
            switch types[k] {
            case .varchar, .null:
                let id = Int(key[k])
                w.writeString(id >= 0 && id < strings.count ? strings[id] : "")
            case .double:
                w.writeDouble(Double(bitPattern: UInt64(bitPattern: key[k])))
            default:
                w.writeInt(key[k])
            }
        }
    }

    /// Reads a key written by `write(_:to:)`, interning its strings anew.
    public func readKey(from r: inout StateReader) throws -> GroupKey {
        var key = GroupKey()
        key.nulls = UInt32(truncatingIfNeeded: try r.readUInt())
        for k in 0..<types.count where key.nulls & (1 << UInt32(k)) == 0 {
            switch types[k] {
            case .varchar, .null: key[k] = intern(try r.readString())
            case .double: key[k] = Int64(bitPattern: (try r.readDouble()).bitPattern)
            default: key[k] = try r.readInt()
            }
        }
        return key
    }

    /// The key group of a key: the stable hash of its encoding (as a checkpoint writes it).
    public func keyGroup(of key: GroupKey) -> Int {
        var w = StateWriter(capacity: 24)
        write(key, to: &w)
        return Int(StableHash.fnv1a(w.bytes) % UInt64(keyGroupCount))
    }

    /// Every part of a key as values.
    public func values(of key: GroupKey) -> [Value] { (0..<types.count).map { value(key, part: $0) } }

    /// Key part `k` of many keys as one typed column.
    public func column(_ keys: [GroupKey], part k: Int) -> Column {
        let bit = UInt32(1) << UInt32(k)
        let anyNull = keys.contains { $0.nulls & bit != 0 }
        let validity = anyNull ? keys.map { $0.nulls & bit == 0 } : nil
        let type = types[k]
        switch type {
        case .bigint, .timestamp, .interval:
            return Column(type: type, values: .ints(keys.map { $0[k] }), validity: validity)
        case .double:
            return Column(type: type, values: .doubles(keys.map { Double(bitPattern: UInt64(bitPattern: $0[k])) }), validity: validity)
        case .boolean:
            return Column(type: type, values: .bools(keys.map { $0[k] != 0 }), validity: validity)
        case .varchar, .null:
            let strings = self.strings
            return Column(
                type: type,
                values: .strings(keys.map { key in
                    let id = Int(key[k])
                    return id >= 0 && id < strings.count && key.nulls & bit == 0 ? strings[id] : ""
                }), validity: validity)
        }
    }
}
