import ArgumentParser
import EddyEngine

/// `--target eddy|flink` and how the Flink export writes sources, shared by `compile` and
/// `explain`.
struct TargetOptions: ParsableArguments {
    enum Target: String, ExpressibleByArgument, CaseIterable { case eddy, flink }

    @Option(name: .long, help: "eddy: Eddy's plan. flink: the script in Flink SQL, for a Flink 2.x cluster.")
    var target: Target = .eddy

    @Option(name: .customLong("flink-connector"), help: "With --target flink: the connector of the sources, filesystem or kafka.")
    var flinkConnector: String = "filesystem"

    @Option(
        name: .customLong("flink-option"),
        help: "With --target flink: key=value added to every source's WITH (topic=..., bootstrap.servers=..., group.id=...), or jdbc.url=... for database sinks. Repeatable.")
    var flinkOptions: [String] = []

    /// The export options, when the target is Flink.
    func exportOptions() throws -> FlinkExportOptions {
        try FlinkExportOptions.parse(connector: flinkConnector, settings: flinkOptions)
    }

    func validate() throws {
        if target == .eddy && (flinkConnector != "filesystem" || !flinkOptions.isEmpty) {
            throw ValidationError("--flink-connector and --flink-option need --target flink")
        }
    }
}
