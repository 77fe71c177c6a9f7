/// How a CSV file is written (RFC 4180 by default): Flink's `csv.*` option names where
/// Flink has one.
public struct CSVFormat: Codable, Sendable, Hashable {
    /// `'csv.field-delimiter'`: one character, `,` by default (`\t` for tabs).
    public var delimiter: String = ","
    /// `'csv.quote-character'`: `"` by default; inside a quoted field it is doubled.
    public var quote: String = "\""
    /// `'csv.null-literal'`: a field equal to it is NULL (any type). Without it, an empty
    /// field is NULL for every type but VARCHAR, where it is the empty string.
    public var nullLiteral: String?
    /// `'csv.header'`: the first line of each file names the columns (matched by name,
    /// in any order; extra columns are ignored). Without one, columns are by position.
    public var header: Bool = true

    public init() {}

    public var delimiterByte: UInt8 { delimiter.utf8.first ?? 44 }
    public var quoteByte: UInt8 { quote.utf8.first ?? 34 }
}
