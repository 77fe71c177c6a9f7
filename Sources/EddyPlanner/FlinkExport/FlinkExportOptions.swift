/// How `eddy compile --target flink` writes a script's sources: the Flink connector of its
/// streams and extra WITH options.
public struct FlinkExportOptions: Sendable, Equatable {
    /// The connector of the exported sources (reference tables stay files).
    public enum SourceConnector: String, Sendable, CaseIterable {
        /// Flink's `filesystem` connector over the same files Eddy reads.
        case filesystem
        /// Flink's `kafka` connector; topic and servers from the options.
        case kafka
    }

    public var sourceConnector: SourceConnector
    /// `--flink-option key=value`: added to the WITH clause of every exported source
    /// (overriding what the export would write). `bootstrap.servers` and `group.id` are
    /// short for Kafka's `properties.bootstrap.servers` and `properties.group.id`;
    /// `jdbc.url` sets the URL of the JDBC tables that database sinks become.
    public var options: [(key: String, value: String)]

    public init(sourceConnector: SourceConnector = .filesystem, options: [(key: String, value: String)] = []) {
        self.sourceConnector = sourceConnector
        self.options = options
    }

    public static func == (a: FlinkExportOptions, b: FlinkExportOptions) -> Bool {
        a.sourceConnector == b.sourceConnector && a.options.map(\.key) == b.options.map(\.key)
            && a.options.map(\.value) == b.options.map(\.value)
    }

    /// The option `key` (its long Kafka spelling or its short one), if given.
    func value(_ key: String) -> String? {
        options.last { Self.longKey($0.key) == Self.longKey(key) }?.value
    }

    /// `bootstrap.servers` → `properties.bootstrap.servers`, `group.id` → `properties.group.id`.
    static func longKey(_ key: String) -> String {
        switch key {
        case "bootstrap.servers", "group.id": return "properties." + key
        default: return key
        }
    }

    /// The options that go into a source's WITH clause: all but `jdbc.*`.
    var sourceOptions: [(key: String, value: String)] {
        options.filter { !$0.key.hasPrefix("jdbc.") }.map { (Self.longKey($0.key), $0.value) }
    }
}
