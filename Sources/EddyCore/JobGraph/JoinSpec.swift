/// A join of two inputs. Output columns: every left column, then every right column
/// (the right side's are NULL for an unmatched left row of a LEFT or FULL join, and the
/// other way round). `keys` pair up equal columns; `condition`, if any, is evaluated over
/// the concatenated row.
public struct JoinSpec: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, Hashable {
        case inner = "INNER", left = "LEFT", right = "RIGHT", full = "FULL"

        public var keepsUnmatchedLeft: Bool { self == .left || self == .full }
        public var keepsUnmatchedRight: Bool { self == .right || self == .full }
    }

    /// How rows meet, which decides what state is kept and what is emitted.
    public enum Strategy: Sendable, Hashable {
        /// Every row is kept until retracted (or expired): emits a changelog.
        case regular
        /// `right.time BETWEEN left.time - lower AND left.time + upper`: rows are kept
        /// only while the other side's watermark could still bring a match. Append-only.
        case interval(leftTime: Int, rightTime: Int, lowerMillis: Int64, upperMillis: Int64)
        /// Rows of the same window meet when the window closes. Append-only.
        case window(leftStart: Int, leftEnd: Int, rightStart: Int, rightEnd: Int)
        /// The right side is a reference table loaded into memory; each left row looks up
        /// its key. Append-only. A table row replaces the earlier one with the same
        /// `primaryKey` (right input columns), if the table declares one.
        case lookup(primaryKey: [Int])
    }

    public var kind: Kind
    public var strategy: Strategy
    public var leftKeys: [Int]
    /// Indices into the right input.
    public var rightKeys: [Int]
    /// A further condition over the joined row (left columns, then right columns).
    public var condition: ScalarExpr?
    public var stateTTLMillis: Int64?

    public init(
        kind: Kind, strategy: Strategy, leftKeys: [Int], rightKeys: [Int], condition: ScalarExpr? = nil,
        stateTTLMillis: Int64? = nil
    ) {
        self.kind = kind
        self.strategy = strategy
        self.leftKeys = leftKeys
        self.rightKeys = rightKeys
        self.condition = condition
        self.stateTTLMillis = stateTTLMillis
    }
}
