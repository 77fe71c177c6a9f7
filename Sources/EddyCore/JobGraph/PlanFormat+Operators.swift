// The plan format of operators, windows, join strategies and sink targets (see PlanFormat).

extension OperatorSpec: Codable {
    public init(from decoder: Decoder) throws {
        let (tag, f) = try PlanFormat.tag(decoder, "an operator")
        let single = try decoder.container(keyedBy: PlanFormat.Key.self)
        func whole<T: Decodable>(_ type: T.Type) throws -> T { try single.decode(T.self, forKey: .init(tag)) }
        switch tag {
        case "source": self = .source(try whole(SourceSpec.self))
        case "filter": self = .filter(predicate: try f.value("predicate"))
        case "project": self = .project(expressions: try f.value("expressions"))
        case "calc": self = .calc(predicate: try f.optional("predicate"), expressions: try f.value("expressions"))
        case "windowAggregate": self = .windowAggregate(try whole(WindowAggregateSpec.self))
        case "localWindowAggregate": self = .localWindowAggregate(try whole(WindowAggregateSpec.self))
        case "groupAggregate": self = .groupAggregate(try whole(GroupAggregateSpec.self))
        case "union": self = .union
        case "windowAssign": self = .windowAssign(window: try f.value("window"), timeColumn: try f.value("timeColumn"))
        case "join": self = .join(try whole(JoinSpec.self))
        case "topN": self = .topN(try whole(TopNSpec.self))
        case "sink": self = .sink(try whole(SinkSpec.self))
        default: throw PlanFormat.unknown(tag, "operator", decoder)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var outer = encoder.container(keyedBy: PlanFormat.Key.self)
        switch self {
        case .source(let s): try outer.put(s, "source")
        case .filter(let p): try PlanFormat.write(encoder, "filter") { try $0.put(p, "predicate") }
        case .project(let e): try PlanFormat.write(encoder, "project") { try $0.put(e, "expressions") }
        case .calc(let p, let e):
            try PlanFormat.write(encoder, "calc") {
                try $0.putIfPresent(p, "predicate")
                try $0.put(e, "expressions")
            }
        case .windowAggregate(let w): try outer.put(w, "windowAggregate")
        case .localWindowAggregate(let w): try outer.put(w, "localWindowAggregate")
        case .groupAggregate(let g): try outer.put(g, "groupAggregate")
        case .union: try PlanFormat.write(encoder, "union") { _ in }
        case .windowAssign(let w, let t):
            try PlanFormat.write(encoder, "windowAssign") {
                try $0.put(w, "window")
                try $0.put(t, "timeColumn")
            }
        case .join(let j): try outer.put(j, "join")
        case .topN(let t): try outer.put(t, "topN")
        case .sink(let s): try outer.put(s, "sink")
        }
    }
}

extension WindowSpec: Codable {
    public init(from decoder: Decoder) throws {
        let (tag, f) = try PlanFormat.tag(decoder, "a window")
        switch tag {
        case "tumble": self = .tumble(size: try f.value("size"))
        case "hop": self = .hop(slide: try f.value("slide"), size: try f.value("size"))
        case "session": self = .session(gap: try f.value("gap"))
        case "cumulate": self = .cumulate(step: try f.value("step"), maxSize: try f.value("maxSize"))
        default: throw PlanFormat.unknown(tag, "window", decoder)
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .tumble(let size): try PlanFormat.write(encoder, "tumble") { try $0.put(size, "size") }
        case .hop(let slide, let size): try PlanFormat.write(encoder, "hop") { try $0.put(slide, "slide"); try $0.put(size, "size") }
        case .session(let gap): try PlanFormat.write(encoder, "session") { try $0.put(gap, "gap") }
        case .cumulate(let step, let maxSize):
            try PlanFormat.write(encoder, "cumulate") { try $0.put(step, "step"); try $0.put(maxSize, "maxSize") }
        }
    }
}

extension JoinSpec.Strategy: Codable {
    public init(from decoder: Decoder) throws {
        let (tag, f) = try PlanFormat.tag(decoder, "a join strategy")
        switch tag {
        case "regular": self = .regular
        case "interval":
            self = .interval(
                leftTime: try f.value("leftTime"), rightTime: try f.value("rightTime"), lowerMillis: try f.value("lowerMillis"),
                upperMillis: try f.value("upperMillis"))
        case "window":
            self = .window(
                leftStart: try f.value("leftStart"), leftEnd: try f.value("leftEnd"), rightStart: try f.value("rightStart"),
                rightEnd: try f.value("rightEnd"))
        case "lookup": self = .lookup(primaryKey: try f.value("primaryKey"))
        default: throw PlanFormat.unknown(tag, "join strategy", decoder)
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .regular: try PlanFormat.write(encoder, "regular") { _ in }
        case .interval(let lt, let rt, let lower, let upper):
            try PlanFormat.write(encoder, "interval") {
                try $0.put(lt, "leftTime")
                try $0.put(rt, "rightTime")
                try $0.put(lower, "lowerMillis")
                try $0.put(upper, "upperMillis")
            }
        case .window(let ls, let le, let rs, let re):
            try PlanFormat.write(encoder, "window") {
                try $0.put(ls, "leftStart")
                try $0.put(le, "leftEnd")
                try $0.put(rs, "rightStart")
                try $0.put(re, "rightEnd")
            }
        case .lookup(let key): try PlanFormat.write(encoder, "lookup") { try $0.put(key, "primaryKey") }
        }
    }
}

extension SinkSpec.Target: Codable {
    public init(from decoder: Decoder) throws {
        let (tag, f) = try PlanFormat.tag(decoder, "a sink target")
        switch tag {
        case "stdout": self = .stdout(query: try f.value("query"))
        case "file": self = .file(path: try f.value("path"), format: try f.value("format"))
        case "collect": self = .collect(name: try f.value("name"))
        case "database":
            let single = try decoder.container(keyedBy: PlanFormat.Key.self)
            self = .database(try single.decode(DatabaseTable.self, forKey: .init(tag)))
        default: throw PlanFormat.unknown(tag, "sink target", decoder)
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .stdout(let q): try PlanFormat.write(encoder, "stdout") { try $0.put(q, "query") }
        case .file(let path, let format): try PlanFormat.write(encoder, "file") { try $0.put(path, "path"); try $0.put(format, "format") }
        case .collect(let name): try PlanFormat.write(encoder, "collect") { try $0.put(name, "name") }
        case .database(let table):
            var outer = encoder.container(keyedBy: PlanFormat.Key.self)
            try outer.put(table, "database")
        }
    }
}
