import EddyCore

extension PlanFile {
    /// The checks a hand-edited or damaged plan could fail and that the runtime trusts:
    /// nodes come after their inputs, each operator has as many inputs as it reads, and
    /// every column an operator reads exists with the type it expects.
    static func validate(_ graph: JobGraph, name: String) throws {
        var schemas: [Int: Schema] = [:]
        for node in graph.nodes {
            func damaged(_ what: String) -> RunFailure { RunFailure("\(name) is a damaged plan: node \(node.id) \(what)") }
            guard schemas[node.id] == nil else { throw RunFailure("\(name) is a damaged plan: two nodes have id \(node.id)") }
            var inputs: [Schema] = []
            for input in node.inputs {
                guard let schema = schemas[input] else { throw damaged("reads node \(input), which does not come before it") }
                inputs.append(schema)
            }
            let expected: ClosedRange<Int> = switch node.spec {
            case .source: 0...0
            case .union: 1...Int.max
            case .join: 2...2
            default: 1...1
            }
            guard expected.contains(inputs.count) else { throw damaged("has \(inputs.count) inputs") }
            // Every column read, with the type the operator expects (nil: any type).
            var reads: [(column: Int, type: DataType?, input: Int)] = []
            func expressions(_ exprs: [ScalarExpr], input: Int = 0) {
                for e in exprs {
                    e.visit { if case .column(let i, let t) = $0 { reads.append((i, t, input)) } }
                }
            }
            func columns(_ cs: [Int], _ type: DataType? = nil, input: Int = 0) {
                reads += cs.map { ($0, type, input) }
            }
            var outputs: [ScalarExpr]?
            switch node.spec {
            case .source, .union, .sink: break
            case .filter(let p): expressions([p])
            case .project(let exprs): expressions(exprs); outputs = exprs
            case .calc(let p, let exprs): expressions(exprs + (p.map { [$0] } ?? [])); outputs = exprs
            case .windowAggregate(let w), .localWindowAggregate(let w):
                columns(w.keyColumns + w.aggregates.compactMap(\.argument) + (w.windowColumns ?? []))
                columns([w.timeColumn], .timestamp)
            case .groupAggregate(let g): columns(g.keyColumns + g.aggregates.compactMap(\.argument))
            case .topN(let t):
                columns(t.partitionColumns + t.orderBy.map(\.column))
                columns(t.windowEndColumn.map { [$0] } ?? [], .timestamp)
            case .windowAssign(_, let t): columns([t], .timestamp)
            case .join(let j):
                columns(j.leftKeys)
                columns(j.rightKeys, input: 1)
                switch j.strategy {
                case .regular: break
                case .interval(let lt, let rt, _, _):
                    columns([lt], .timestamp)
                    columns([rt], .timestamp, input: 1)
                case .window(let ls, let le, let rs, let re):
                    columns([ls, le], .timestamp)
                    columns([rs, re], .timestamp, input: 1)
                case .lookup(let primaryKey): columns(primaryKey, input: 1)
                }
                guard j.leftKeys.count == j.rightKeys.count else { throw damaged("joins \(j.leftKeys.count) keys to \(j.rightKeys.count)") }
                if let condition = j.condition {
                    // The condition reads the joined row.
                    let joined = Schema(inputs[0].fields + inputs[1].fields)
                    inputs.append(joined)
                    expressions([condition], input: 2)
                }
            }
            for read in reads {
                let fields = inputs[read.input].fields
                guard read.column >= 0 && read.column < fields.count else {
                    throw damaged("reads column \(read.column) of an input with \(fields.count) columns")
                }
                if let type = read.type, fields[read.column].type != type, fields[read.column].type != .null {
                    throw damaged("reads column \(read.column) as \(type.sqlName), but it is \(fields[read.column].type.sqlName)")
                }
            }
            if let outputs {
                guard outputs.map(\.type) == node.schema.types else {
                    throw damaged("computes \(outputs.count) columns that do not match its schema of \(node.schema.count)")
                }
            }
            schemas[node.id] = node.schema
        }
    }
}
