import EddyCore
import EddyRuntime

/// The sinks that keep database tables current, by system.
public enum DatabaseSinks {
    public static func make(_ table: DatabaseTable, name: String, schema: Schema, exactlyOnce: Bool, fresh: Bool) throws -> SinkWriter {
        switch table.system {
        case .sqlite:
            return try SQLiteSink(
                name: name, path: table.location, table: table.table, names: schema.names, types: schema.types,
                primaryKey: table.primaryKey, exactlyOnce: exactlyOnce, fresh: fresh)
        case .postgres:
            return try PostgresSink(
                name: name, url: table.location, table: table.table, names: schema.names, types: schema.types,
                primaryKey: table.primaryKey, maxRetries: table.maxRetries,
                queryTimeoutMillis: table.queryTimeoutMillis, exactlyOnce: exactlyOnce, fresh: fresh)
        }
    }
}
