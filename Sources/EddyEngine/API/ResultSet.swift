/// The rows of one bare SELECT as they are printed: its number in the script, its
/// columns, and whether it is a changelog.
public struct ResultSet: Sendable {
    public var index: Int
    public var columns: ResultColumns
    public var changelog: Bool

    public var names: [String] { columns.names }
}
