import EddyCore
import EddyPlanner

/// Optimizes the queries of a script and plans them into one JobGraph.
public enum JobCompiler {
    public static func compile(_ queries: [PlannedQuery], settings: [String: String] = [:], optimizer: Optimizer = Optimizer()) throws -> JobGraph {
        let optimized = queries.map { optimizer.optimize($0.plan) }
        return try PhysicalPlanner.plan(optimized, settings: settings)
    }
}
