// The plan format of expressions and values (see PlanFormat).

extension ScalarExpr: Codable {
    public init(from decoder: Decoder) throws {
        let (tag, f) = try PlanFormat.tag(decoder, "an expression")
        switch tag {
        case "column": self = .column(index: try f.value("index"), type: try f.value("type"))
        case "literal": self = .literal(try f.value("value"), type: try f.value("type"))
        case "call": self = .call(try f.value("function"), args: try f.value("args"), type: try f.value("type"))
        case "cast": self = .cast(try f.value("expr"), to: try f.value("to"))
        case "case":
            self = .caseWhen(branches: try f.value("branches"), otherwise: try f.optional("otherwise"), type: try f.value("type"))
        default: throw PlanFormat.unknown(tag, "expression", decoder)
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .column(let index, let type):
            try PlanFormat.write(encoder, "column") { try $0.put(index, "index"); try $0.put(type, "type") }
        case .literal(let value, let type):
            try PlanFormat.write(encoder, "literal") { try $0.put(value, "value"); try $0.put(type, "type") }
        case .call(let function, let args, let type):
            try PlanFormat.write(encoder, "call") {
                try $0.put(function, "function")
                try $0.put(args, "args")
                try $0.put(type, "type")
            }
        case .cast(let expr, let type):
            try PlanFormat.write(encoder, "cast") { try $0.put(expr, "expr"); try $0.put(type, "to") }
        case .caseWhen(let branches, let otherwise, let type):
            try PlanFormat.write(encoder, "case") {
                try $0.put(branches, "branches")
                try $0.putIfPresent(otherwise, "otherwise")
                try $0.put(type, "type")
            }
        }
    }
}

extension Value: Codable {
    public init(from decoder: Decoder) throws {
        if let single = try? decoder.singleValueContainer(), single.decodeNil() {
            self = .null
            return
        }
        let outer = try decoder.container(keyedBy: PlanFormat.Key.self)
        guard outer.allKeys.count == 1, let key = outer.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a value must be null or an object with one key"))
        }
        switch key.stringValue {
        case "bool": self = .bool(try outer.decode(Bool.self, forKey: key))
        case "int": self = .int(try outer.decode(Int64.self, forKey: key))
        case "double":
            if let text = try? outer.decode(String.self, forKey: key) {
                switch text {
                case "NaN": self = .double(.nan)
                case "Infinity": self = .double(.infinity)
                case "-Infinity": self = .double(-.infinity)
                default: throw PlanFormat.unknown(text, "double", decoder)
                }
            } else {
                self = .double(try outer.decode(Double.self, forKey: key))
            }
        case "string": self = .string(try outer.decode(String.self, forKey: key))
        case "timestamp": self = .timestamp(try outer.decode(Int64.self, forKey: key))
        case "interval": self = .interval(try outer.decode(Int64.self, forKey: key))
        default: throw PlanFormat.unknown(key.stringValue, "value", decoder)
        }
    }

    public func encode(to encoder: Encoder) throws {
        if case .null = self {
            var single = encoder.singleValueContainer()
            try single.encodeNil()
            return
        }
        var outer = encoder.container(keyedBy: PlanFormat.Key.self)
        switch self {
        case .null: break
        case .bool(let b): try outer.put(b, "bool")
        case .int(let i): try outer.put(i, "int")
        // JSON numbers have no NaN or infinities: those are written as strings.
        case .double(let d): if d.isFinite { try outer.put(d, "double") } else { try outer.put(Value.formatDouble(d), "double") }
        case .string(let s): try outer.put(s, "string")
        case .timestamp(let t): try outer.put(t, "timestamp")
        case .interval(let i): try outer.put(i, "interval")
        }
    }
}
