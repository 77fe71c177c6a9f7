import EddyEngine

/// Prints the rows of bare SELECTs: JSON and CSV as they arrive, tables at the end (a
/// table needs every row to align its columns).
final class ResultPrinter {
    let format: OutputFormat
    let queryCount: Int
    /// Per query, its encoder (it holds the field names, rendered once).
    private var encoders: [Int: ResultEncoder] = [:]

    init(format: OutputFormat, queryCount: Int) {
        self.format = format
        self.queryCount = queryCount
    }

    func stream(_ set: ResultSet, _ rows: ResultBatch) {
        guard format != .table else { return }
        var bytes: [UInt8] = []
        let encoder: ResultEncoder
        if let known = encoders[set.index] {
            encoder = known
        } else {
            encoder = ResultEncoder(names: set.names, changelog: set.changelog, format: format)
            encoders[set.index] = encoder
            bytes += Array(encoder.header.utf8)
        }
        encoder.append(rows, to: &bytes)
        Terminal.out(bytes: bytes)
    }

    func finish(_ query: QueryResult) {
        switch format {
        case .table:
            if queryCount > 1 { Terminal.out("query \(query.set.index)\n") }
            Terminal.out(query.table())
        case .csv where encoders[query.set.index] == nil:
            Terminal.out(ResultEncoder(names: query.set.names, changelog: query.set.changelog, format: .csv).header)
        default:
            break
        }
    }
}
