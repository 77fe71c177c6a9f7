import EddyCore

/// Compiles typed expressions into kernels over column batches. The analyzer has already
/// inserted the casts that give both operands of an operator one type.
public enum ExprCompiler {
    /// A kernel for an expression that reads nothing but its row (CURRENT_WATERMARK is NULL).
    public static func compile(_ expr: ScalarExpr) -> Kernel { compile(expr, context: nil) }

    /// `context` gives what an expression may read besides its row: the operator's
    /// watermark, for CURRENT_WATERMARK.
    public static func compile(_ expr: ScalarExpr, context: EvaluationContext?) -> Kernel {
        let compile = { (e: ScalarExpr) in ExprCompiler.compile(e, context: context) }
        switch expr {
        case .column(let index, _):
            return { batch in batch.columns[index] }
        case .literal(let value, let type):
            return { batch in Column.constant(value, type: type, count: batch.rowCount) }
        case .cast(let inner, let type):
            let input = compile(inner)
            let kernel: Kernel = { batch in CastKernels.cast(input(batch), to: type) }
            return type == .timestamp ? TimeKernels.withinTimestampRange(kernel) : kernel
        case .caseWhen(let branches, let otherwise, let type):
            return ConditionalKernels.caseWhen(
                branches: branches.map { (compile($0.condition), compile($0.result)) },
                otherwise: otherwise.map(compile), type: type)
        case .call(let function, let args, let type):
            let kernel = compileCall(function, args, type, context)
            // Arithmetic and time functions can leave TIMESTAMP's range: NULL, never a
            // wrapped-around time.
            return type == .timestamp && function != .currentWatermark ? TimeKernels.withinTimestampRange(kernel) : kernel
        }
    }

    private static func compileCall(_ f: ScalarFunction, _ args: [ScalarExpr], _ type: DataType, _ context: EvaluationContext?) -> Kernel {
        let kernels = args.map { compile($0, context: context) }
        switch f {
        case .currentWatermark:
            return { batch in
                let wm = context?.watermark ?? .min
                return Column.constant(wm == .min ? .null : .timestamp(wm), type: .timestamp, count: batch.rowCount)
            }
        case .add, .subtract, .multiply, .divide, .modulo:
            return ArithmeticKernels.binary(f, kernels[0], kernels[1], type: type)
        case .negate:
            return ArithmeticKernels.negate(kernels[0])
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            return ComparisonKernels.compare(f, kernels[0], kernels[1])
        case .and: return LogicKernels.and(kernels[0], kernels[1])
        case .or: return LogicKernels.or(kernels[0], kernels[1])
        case .not: return LogicKernels.not(kernels[0])
        case .isNull: return LogicKernels.isNull(kernels[0], negated: false)
        case .isNotNull: return LogicKernels.isNull(kernels[0], negated: true)
        case .inList: return ComparisonKernels.inList(kernels[0], items: Array(args.dropFirst()), itemKernels: Array(kernels.dropFirst()))
        case .like: return StringKernels.like(kernels[0], pattern: args[1], patternKernel: kernels[1])
        case .concat: return StringKernels.concat(kernels)
        case .upper: return StringKernels.map(kernels[0]) { $0.uppercased() }
        case .lower: return StringKernels.map(kernels[0]) { $0.lowercased() }
        case .charLength: return StringKernels.charLength(kernels[0])
        case .substring: return StringKernels.substring(kernels)
        case .floor where type == .timestamp, .ceil where type == .timestamp:
            return TimeKernels.round(f, args, kernels)
        case .abs, .round, .floor, .ceil:
            return ArithmeticKernels.unaryMath(f, kernels, type: type)
        case .coalesce:
            return ConditionalKernels.coalesce(kernels, type: type)
        case .ln, .log10, .log2, .exp, .sqrt: return MathKernels.unary(f, kernels[0])
        case .log: return kernels.count > 1 ? MathKernels.logarithm(base: kernels[0], kernels[1]) : MathKernels.unary(.ln, kernels[0])
        case .power: return MathKernels.power(kernels[0], kernels[1])
        case .sign: return MathKernels.sign(kernels[0])
        case .pi: return MathKernels.pi()
        case .concatFunction: return StringKernels.concat(kernels)
        case .concatWs: return StringFunctionKernels.concatWs(kernels)
        case .replace: return StringFunctionKernels.replace(kernels)
        case .trim: return StringFunctionKernels.trim(mode: RowWise.literalString(args[0]), kernels)
        case .ltrim, .rtrim: return StringFunctionKernels.trimSide(leading: f == .ltrim, kernels)
        case .splitIndex: return StringFunctionKernels.splitIndex(kernels)
        case .position, .locate: return StringFunctionKernels.locate(kernels)
        case .initcap: return StringKernels.map(kernels[0], StringFunctionKernels.initcap)
        case .lpad, .rpad: return StringFunctionKernels.pad(left: f == .lpad, kernels)
        case .reverse: return StringKernels.map(kernels[0], StringFunctionKernels.reverse)
        case .repeatText: return StringFunctionKernels.repeatText(kernels)
        case .regexpExtract: return RegexKernels.extract(args, kernels)
        case .regexpReplace: return RegexKernels.replace(args, kernels)
        case .regexp: return RegexKernels.matches(args, kernels)
        case .extract: return TimeKernels.extract(args, kernels)
        case .dateFormat: return TimeKernels.format(args, kernels)
        case .toTimestamp: return TimeKernels.parse(args, kernels)
        case .timestampDiff: return TimeKernels.diff(args, kernels)
        case .timestampAdd: return TimeKernels.add(args, kernels)
        }
    }

    /// Evaluates an expression that reads no columns (constant folding, tests).
    public static func evaluateConstant(_ expr: ScalarExpr) -> Value {
        let kernel = compile(expr)
        let column = kernel(Batch(columns: [], rowCount: 1))
        return column.value(at: 0)
    }
}

/// What an operator's expressions may read besides the row: its current watermark.
public final class EvaluationContext {
    /// `Int64.min` until the operator has a watermark.
    public var watermark = Int64.min
    public init() {}
}
