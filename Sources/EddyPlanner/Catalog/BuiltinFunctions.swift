import EddyCore
import EddySQL

/// The names of the built-in functions, for completion and help. They are read from the
/// aggregate registry (`AggregateFunction`), the scalar function catalog and the parser's
/// `WindowKind`, so a new function is offered without anyone editing a list.
public enum BuiltinFunctions {
    /// COUNT, SUM, ...: every aggregate, in the registry's order.
    public static var aggregateNames: [String] { FunctionCatalog.aggregateNames }
    /// UPPER, ROUND, DATE_FORMAT, ...: every scalar function name, aliases included.
    public static var scalarNames: [String] { FunctionCatalog.scalarNames }
    /// Functions written with OVER (ROW_NUMBER, for Top-N).
    public static var analyticNames: [String] { [Analyzer.rowNumberName] }
    /// The window table-valued functions: TUMBLE, HOP, SESSION, CUMULATE.
    public static var windowNames: [String] { WindowKind.allCases.map(\.rawValue) }
    /// Every function name above, without repeats, in that order.
    public static var allNames: [String] {
        var seen = Set<String>()
        return (aggregateNames + scalarNames + analyticNames + windowNames).filter { seen.insert($0).inserted }
    }
}
