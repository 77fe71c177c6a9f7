/// A JobGraph the runtime cannot run as it is: what is wrong, and where.
public struct JobGraphError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension JobGraph {
    /// The most key columns an operator may group, partition or join on (a key keeps a
    /// NULL bit for each in one 32-bit word).
    public static let maxKeyColumns = 32

    /// Checks everything the runtime trusts, as strictly as the analyzer checks SQL: nodes
    /// come after their inputs, each operator has the inputs it reads, every column read
    /// exists with the type the operator expects, expressions have their functions'
    /// argument counts, windows and intervals are positive and bounded, aggregates fit
    /// their arguments, each operator's output schema is the one it computes, sources use
    /// a connector and format Eddy has, and settings have values Eddy accepts. The planner
    /// only makes graphs that pass; a hand-edited or damaged plan file may not.
    public func validate() throws(JobGraphError) {
        for (key, value) in settings {
            if let problem = JobSettings.problem(key: key, value: value) { throw JobGraphError("setting \(problem)") }
        }
        var schemas: [Int: Schema] = [:]
        for node in nodes {
            guard schemas[node.id] == nil else { throw JobGraphError("two nodes have id \(node.id)") }
            var inputs: [Schema] = []
            for input in node.inputs {
                guard let schema = schemas[input] else {
                    throw JobGraphError("node \(node.id) reads node \(input), which does not come before it")
                }
                inputs.append(schema)
            }
            do throws(NodeProblem) {
                try NodeValidator(node: node, inputs: inputs).validate()
            } catch {
                throw JobGraphError("node \(node.id) (\(node.spec.kindName)) \(error.message)")
            }
            schemas[node.id] = node.schema
        }
    }
}

/// What is wrong with one node (the graph's error adds which node).
struct NodeProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// The checks of one node against its input schemas.
struct NodeValidator {
    let node: JobNode
    let inputs: [Schema]

    func validate() throws(NodeProblem) {
        let expected: ClosedRange<Int> =
            switch node.spec {
            case .source: 0...0
            case .union: 1...Int.max
            case .join: 2...2
            default: 1...1
            }
        guard expected.contains(inputs.count) else { throw NodeProblem("has \(inputs.count) inputs") }
        switch node.spec {
        case .source(let s): try source(s)
        case .filter(let p):
            try expression(p, over: inputs[0], expecting: .boolean)
            try output(inputs[0].types)
        case .project(let exprs):
            for e in exprs { try expression(e, over: inputs[0]) }
            try output(exprs.map(\.type))
        case .calc(let p, let exprs):
            if let p { try expression(p, over: inputs[0], expecting: .boolean) }
            for e in exprs { try expression(e, over: inputs[0]) }
            try output(exprs.map(\.type))
        case .windowAggregate(let w), .localWindowAggregate(let w): try windowAggregate(w)
        case .groupAggregate(let g):
            try keys(g.keyColumns, of: inputs[0])
            try aggregates(g.aggregates, over: inputs[0])
            try ttl(g.stateTTLMillis)
            try output(g.keyColumns.map { inputs[0].fields[$0].type } + g.aggregates.map(\.resultType))
        case .union:
            for schema in inputs where schema.types != node.schema.types {
                throw NodeProblem("unites inputs of other columns than its own")
            }
        case .windowAssign(let window, let t):
            try self.window(window)
            try column(t, of: inputs[0], .timestamp)
            try output(inputs[0].types + [.timestamp, .timestamp, .timestamp])
        case .join(let j): try join(j)
        case .topN(let t): try topN(t)
        case .sink: try output(inputs[0].types)
        }
    }

    private func output(_ types: [DataType]) throws(NodeProblem) {
        guard zip(types, node.schema.types).allSatisfy({ $0 == $1 || $0 == .null || $1 == .null }), types.count == node.schema.count
        else {
            throw NodeProblem("computes \(types.count) columns (\(types.map(\.sqlName).joined(separator: ", "))) that do not match its schema of \(node.schema.count)")
        }
    }

    private func column(_ c: Int, of schema: Schema, _ type: DataType? = nil) throws(NodeProblem) {
        guard c >= 0 && c < schema.count else { throw NodeProblem("reads column \(c) of an input with \(schema.count) columns") }
        if let type, schema.fields[c].type != type, schema.fields[c].type != .null {
            throw NodeProblem("reads column \(c) as \(type.sqlName), but it is \(schema.fields[c].type.sqlName)")
        }
    }

    private func keys(_ cs: [Int], of schema: Schema) throws(NodeProblem) {
        guard cs.count <= JobGraph.maxKeyColumns else {
            throw NodeProblem("has \(cs.count) key columns; at most \(JobGraph.maxKeyColumns) are allowed")
        }
        for c in cs { try column(c, of: schema) }
    }

    private func interval(_ millis: Int64, _ what: String) throws(NodeProblem) {
        guard millis > 0 && millis <= Timestamps.maxMillis - Timestamps.minMillis else {
            throw NodeProblem("has a \(what) of \(millis) ms; it must be positive and at most the TIMESTAMP range")
        }
    }

    private func ttl(_ millis: Int64?) throws(NodeProblem) {
        if let millis { try interval(millis, "state TTL") }
    }

    private func window(_ w: WindowSpec) throws(NodeProblem) {
        switch w {
        case .tumble(let size): try interval(size, "window size")
        case .session(let gap): try interval(gap, "session gap")
        case .hop(let slide, let size):
            try interval(slide, "window slide")
            try interval(size, "window size")
        case .cumulate(let step, let maxSize):
            try interval(step, "window step")
            try interval(maxSize, "window size")
            guard maxSize % step == 0 else { throw NodeProblem("has a CUMULATE size that is not a multiple of its step") }
        }
        guard w.windowsPerEvent <= WindowSpec.maxWindowsPerEvent else {
            throw NodeProblem("puts each event into \(w.windowsPerEvent) windows; at most \(WindowSpec.maxWindowsPerEvent) are allowed")
        }
    }

    private func source(_ s: SourceSpec) throws(NodeProblem) {
        guard ["file", "stdin", "datagen", "none"].contains(s.connector) else { throw NodeProblem("uses connector '\(s.connector)', which Eddy does not have") }
        guard s.format == "json" || s.format == "csv" else { throw NodeProblem("uses format '\(s.format)', which Eddy does not read") }
        guard s.connector != "file" || !s.path.isEmpty else { throw NodeProblem("reads a file without a path") }
        if s.connector == "datagen" {
            guard let d = s.datagen, d.fields.count == s.fields.count, d.rowsPerSecond > 0, d.rowsPerSecond.isFinite else {
                throw NodeProblem("is a datagen source without a description of each field")
            }
        }
        if let csv = s.csv {
            guard csv.delimiter.utf8.count == 1, csv.quote.utf8.count == 1, csv.delimiter != csv.quote else {
                throw NodeProblem("has a CSV delimiter or quote that is not one character of its own")
            }
        }
        if let positions = s.declaredPositions {
            guard positions.count == s.fields.count, positions.allSatisfy({ $0 >= 0 && $0 < 100_000 }), Set(positions).count == positions.count else {
                throw NodeProblem("has column positions that do not fit its fields")
            }
        }
        guard Set(s.fields.map(\.name)).count == s.fields.count else { throw NodeProblem("decodes one field twice") }
        if let m = s.maxLineBytes, m < 1 || m > 1 << 30 { throw NodeProblem("has a maximum line length of \(m) bytes") }
        if let wm = s.watermark {
            try column(wm.column, of: Schema(s.fields), .timestamp)
            guard s.fields[wm.column].type == .timestamp else { throw NodeProblem("has a watermark on a \(s.fields[wm.column].type.sqlName) column") }
            guard wm.delayMillis >= 0 && wm.delayMillis <= Timestamps.maxMillis - Timestamps.minMillis else {
                throw NodeProblem("has a watermark delay of \(wm.delayMillis) ms")
            }
        }
        try output(s.fields.map(\.type))
    }

    private func windowAggregate(_ w: WindowAggregateSpec) throws(NodeProblem) {
        let input = inputs[0]
        try window(w.window)
        try column(w.timeColumn, of: input, .timestamp)
        try keys(w.keyColumns, of: input)
        if let wc = w.windowColumns {
            guard wc.count == 2 else { throw NodeProblem("reads its window from \(wc.count) columns, not 2") }
            for c in wc { try column(c, of: input, .timestamp) }
        }
        try aggregates(w.aggregates, over: input)
        try output(w.keyColumns.map { input.fields[$0].type } + [.timestamp, .timestamp] + w.aggregates.map(\.resultType))
    }

    /// Each call must follow its function's type rule; a column of unknown type (NULL)
    /// fits a result type the rule gives itself.
    private func aggregates(_ calls: [AggregateCall], over input: Schema) throws(NodeProblem) {
        for call in calls {
            let rule = call.function.descriptor
            if let a = call.argument {
                try column(a, of: input)
                let t = input.fields[a].type
                let fits = rule.resultType(t) == call.resultType || (t == .null && rule.resultType(call.resultType) == call.resultType)
                guard fits else {
                    throw NodeProblem("computes \(call.function.rawValue) of a \(t.sqlName) column as \(call.resultType.sqlName)")
                }
            } else {
                guard let star = rule.starResultType, call.resultType == star else {
                    throw NodeProblem("computes \(call.function.rawValue) without an argument")
                }
            }
        }
    }

    private func join(_ j: JoinSpec) throws(NodeProblem) {
        let (l, r) = (inputs[0], inputs[1])
        guard j.leftKeys.count == j.rightKeys.count else { throw NodeProblem("joins \(j.leftKeys.count) keys to \(j.rightKeys.count)") }
        try keys(j.leftKeys, of: l)
        try keys(j.rightKeys, of: r)
        switch j.strategy {
        case .regular: break
        case .interval(let lt, let rt, let lower, let upper):
            try column(lt, of: l, .timestamp)
            try column(rt, of: r, .timestamp)
            // right.time BETWEEN left.time - lower AND left.time + upper: an empty range
            // if -lower > upper.
            let range = Timestamps.maxMillis - Timestamps.minMillis
            guard lower.magnitude <= range.magnitude, upper.magnitude <= range.magnitude, lower + upper >= 0 else {
                throw NodeProblem("has an interval whose lower bound is above its upper bound")
            }
        case .window(let ls, let le, let rs, let re):
            for c in [ls, le] { try column(c, of: l, .timestamp) }
            for c in [rs, re] { try column(c, of: r, .timestamp) }
        case .lookup(let primaryKey): try keys(primaryKey, of: r)
        }
        try ttl(j.stateTTLMillis)
        let joined = Schema(l.fields + r.fields)
        if let condition = j.condition { try expression(condition, over: joined, expecting: .boolean) }
        try output(joined.types)
    }

    private func topN(_ t: TopNSpec) throws(NodeProblem) {
        let input = inputs[0]
        try keys(t.partitionColumns, of: input)
        try keys(t.orderBy.map(\.column), of: input)
        if let end = t.windowEndColumn { try column(end, of: input, .timestamp) }
        guard t.limit >= 1 else { throw NodeProblem("keeps the first \(t.limit) rows; it must keep at least 1") }
        try ttl(t.stateTTLMillis)
        try output(input.types + (t.emitsRowNumber ? [.bigint] : []))
    }

    /// An expression over `schema`: columns in range with their types, calls with their
    /// argument counts.
    private func expression(_ e: ScalarExpr, over schema: Schema, expecting type: DataType? = nil) throws(NodeProblem) {
        if let type, e.type != type, e.type != .null {
            throw NodeProblem("has a condition of type \(e.type.sqlName), not \(type.sqlName)")
        }
        var problem: NodeProblem?
        e.visit { sub in
            guard problem == nil else { return }
            switch sub {
            case .column(let i, let t):
                if i < 0 || i >= schema.count {
                    problem = NodeProblem("reads column \(i) of an input with \(schema.count) columns")
                } else if schema.fields[i].type != t && schema.fields[i].type != .null && t != .null {
                    problem = NodeProblem("reads column \(i) as \(t.sqlName), but it is \(schema.fields[i].type.sqlName)")
                }
            case .call(let f, let args, let t):
                let timeRounding = (f == .floor || f == .ceil) && t == .timestamp
                let counts = timeRounding ? 2...2 : f.argumentCount
                if !counts.contains(args.count) {
                    problem = NodeProblem("calls \(f.rawValue) with \(args.count) arguments")
                }
            case .caseWhen(let branches, _, _):
                if branches.isEmpty { problem = NodeProblem("has a CASE without a WHEN") }
            case .literal(let v, let t):
                if !v.isNull && v.type != t { problem = NodeProblem("has a literal \(v) typed \(t.sqlName)") }
                if case .timestamp(let ms) = v, !Timestamps.isInRange(ms) { problem = NodeProblem("has a timestamp outside the TIMESTAMP range") }
            case .cast: break
            }
        }
        if let problem { throw problem }
    }
}
