/// A plan as a tree of labelled nodes with lines of detail, drawn as aligned text:
///
///     Sink answer          file out/a.jsonl · json · append-only
///     └─ Filter            amount > 15
///        └─ Scan orders    file data/orders.jsonl · json · reads [region, amount, ts]
///                          watermark ts - 5 s
public struct PlanTree: Sendable, Hashable {
    public var label: String
    public var details: [String]
    public var children: [PlanTree]

    public init(label: String, details: [String] = [], children: [PlanTree] = []) {
        self.label = label
        self.details = details
        self.children = children
    }

    /// The tree drawn with box-drawing characters, details aligned in one column.
    public func render() -> String {
        var rows: [(left: String, detail: String)] = []
        collect(into: &rows, prefix: "", childPrefix: "", isRoot: true)
        let width = (rows.map { $0.left.count }.max() ?? 0) + 2
        return rows.map { row in
            row.detail.isEmpty ? row.left : row.left.padding(to: width) + row.detail
        }.map { $0.trailingSpacesRemoved() }.joined(separator: "\n") + "\n"
    }

    private func collect(into rows: inout [(left: String, detail: String)], prefix: String, childPrefix: String, isRoot: Bool) {
        rows.append((prefix + label, details.first ?? ""))
        // Continuation lines sit under this node; a bar continues while children follow.
        let continuation = childPrefix + (children.isEmpty ? "   " : "│  ")
        for d in details.dropFirst() { rows.append((continuation, d)) }
        for (i, child) in children.enumerated() {
            let last = i == children.count - 1
            child.collect(
                into: &rows, prefix: childPrefix + (last ? "└─ " : "├─ "), childPrefix: childPrefix + (last ? "   " : "│  "),
                isRoot: false)
        }
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }

    func trailingSpacesRemoved() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
