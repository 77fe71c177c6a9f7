import EddyCore
import EddySQL

/// The columns an expression can name at one point of a query, with the relation each
/// came from (for `t.col` and for messages).
struct Scope {
    struct Column {
        var qualifier: String?
        var name: String
        var type: DataType
    }

    var columns: [Column]
    /// How messages name the relation: `source 'bids'`, `the subquery`.
    var description: String

    init(columns: [Column], description: String) {
        self.columns = columns
        self.description = description
    }

    init(schema: Schema, qualifier: String?, description: String) {
        self.columns = schema.fields.map { Column(qualifier: qualifier, name: $0.name, type: $0.type) }
        self.description = description
    }

    /// The index of the column that `parts` (`col` or `t.col`) names.
    func resolve(_ parts: [Identifier]) throws -> Int {
        guard let last = parts.last else { throw Diagnostic.error("empty column name", at: .empty) }
        let qualifier = parts.count > 1 ? parts[parts.count - 2] : nil
        let name = last.name.lowercased()
        let matches = columns.indices.filter { i in
            columns[i].name.lowercased() == name
                && (qualifier == nil || columns[i].qualifier?.lowercased() == qualifier?.name.lowercased())
        }
        if matches.count == 1 { return matches[0] }
        if matches.count > 1 {
            throw Diagnostic.error(
                "column '\(last.name)' is ambiguous", at: last.span,
                help: "qualify it: " + matches.compactMap { columns[$0].qualifier }.map { "\($0).\(last.name)" }.joined(separator: " or "))
        }
        if let q = qualifier, !columns.contains(where: { $0.qualifier?.lowercased() == q.name.lowercased() }) {
            let qualifiers = Array(Set(columns.compactMap(\.qualifier)))
            throw Diagnostic.error(
                "unknown table or alias '\(q.name)'", at: q.span,
                help: Suggestions.nearest(to: q.name, in: qualifiers).map { "did you mean '\($0)'?" })
        }
        let span = parts.count > 1 ? parts[0].span.union(last.span) : last.span
        let candidates = columns.map(\.name)
        var help = Suggestions.nearest(to: last.name, in: candidates).map { "did you mean '\($0)'?" }
        if help == nil && !candidates.isEmpty {
            help = "columns are: " + candidates.joined(separator: ", ")
        }
        throw Diagnostic.error("unknown column '\(last.name)' in \(description)", at: span, help: help)
    }
}
