/// One aggregate of a GROUP BY: the function, the input column it reads (none for
/// `COUNT(*)`), and the type of its result.
public struct AggregateCall: Codable, Sendable, Hashable {
    public var function: AggregateFunction
    public var argument: Int?
    public var distinct: Bool
    public var resultType: DataType

    public init(function: AggregateFunction, argument: Int?, distinct: Bool = false, resultType: DataType) {
        self.function = function
        self.argument = argument
        self.distinct = distinct
        self.resultType = resultType
    }

    /// `COUNT(*)`, `SUM(price)`, `COUNT(DISTINCT user)`.
    public func describe(inputNames: [String]) -> String {
        guard let a = argument else { return "\(function.rawValue)(*)" }
        let name = a < inputNames.count ? inputNames[a] : "$\(a)"
        return "\(function.rawValue)(\(distinct ? "DISTINCT " : "")\(name))"
    }
}
