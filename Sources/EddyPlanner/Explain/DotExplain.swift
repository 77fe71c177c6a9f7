import EddyCore

/// The whole job as a Graphviz digraph: one box per operator (its kind, name and main
/// detail), arrows in the direction data flows. `dot -Tsvg` draws it.
public struct DotExplain {
    public let graph: JobGraph
    public var baseDirectory: String

    public init(graph: JobGraph, baseDirectory: String = "") {
        self.graph = graph
        self.baseDirectory = baseDirectory
    }

    public func render() -> String {
        let physical = PhysicalExplain(graph: graph, baseDirectory: baseDirectory)
        var out = "digraph eddy {\n"
        out += "  rankdir=BT;\n"
        out += "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n"
        for node in graph.nodes {
            let tree = physical.tree(node.id)
            let lines = [tree.label] + tree.details
            let label = lines.map(Self.escape).joined(separator: "\\n")
            out += "  n\(node.id) [label=\"\(label)\", fillcolor=\"\(Self.color(node.spec))\"];\n"
        }
        for node in graph.nodes {
            for input in node.inputs {
                let mode = graph.node(input)?.changelog == .updates ? " [label=\"updates\", style=dashed]" : ""
                out += "  n\(input) -> n\(node.id)\(mode);\n"
            }
        }
        return out + "}\n"
    }

    private static func color(_ spec: OperatorSpec) -> String {
        switch spec {
        case .source: return "#dbeafe"
        case .sink: return "#dcfce7"
        case .windowAggregate, .localWindowAggregate: return "#fef3c7"
        default: return "#f3f4f6"
        }
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }
}
