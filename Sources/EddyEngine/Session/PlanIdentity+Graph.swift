import EddyCore
import EddyRuntime
import Foundation

extension PlanIdentity {
    /// The identity of `graph`: hashes of its canonical encoding (the plan file's format,
    /// keys sorted) without what only says how files are read and written — their paths,
    /// following, the error policy, line limits, a database's password — so that moving a job's folder or
    /// following its log keeps its checkpoints (which files are read is checked against
    /// the checkpoint anyway); and one hash per operator of its spec, schema and inputs'
    /// schemas.
    init(graph: JobGraph) {
        let canonical = Self.withoutPaths(graph)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func hash<T: Encodable>(_ value: T) -> UInt64 {
            StableHash.fnv1a(Array((try? encoder.encode(value)) ?? Data()))
        }
        var operators: [Int: UInt64] = [:]
        for node in canonical.nodes {
            let inputs = node.inputs.compactMap { canonical.node($0)?.schema }
            operators[node.id] = hash(OperatorIdentity(spec: node.spec, schema: node.schema, inputs: inputs))
        }
        self.init(plan: hash(canonical), operators: operators)
    }

    private struct OperatorIdentity: Encodable {
        var spec: OperatorSpec
        var schema: Schema
        var inputs: [Schema]
    }

    private static func withoutPaths(_ graph: JobGraph) -> JobGraph {
        var g = graph
        for i in g.nodes.indices {
            switch g.nodes[i].spec {
            case .source(var s):
                s.path = ""
                s.deadLetterPath = nil
                s.follow = false
                s.onError = .fail
                s.maxLineBytes = nil
                s.idleTimeoutMillis = nil
                g.nodes[i].spec = .source(s)
            case .sink(var s):
                if case .file(_, let format) = s.target { s.target = .file(path: "", format: format) }
                // A changed password, retry count or timeout keeps a PostgreSQL sink's checkpoints.
                if case .database(var t) = s.target, t.system == .postgres {
                    t.location = DatabaseText.withoutPassword(t.location)
                    t.maxRetries = nil
                    t.queryTimeoutMillis = nil
                    s.target = .database(t)
                }
                g.nodes[i].spec = .sink(s)
            case .windowAggregate(var w):
                w.lateOutputPath = nil
                g.nodes[i].spec = .windowAggregate(w)
            default:
                break
            }
        }
        g.settings.removeValue(forKey: "late.output")
        return g
    }
}
