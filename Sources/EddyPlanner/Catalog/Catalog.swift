import EddyCore
import EddySQL

/// Everything a script has declared so far: sources, tables, views, sinks and settings.
/// Lookups are case-insensitive, as SQL names are.
public struct Catalog: Sendable {
    public private(set) var sources: [String: SourceDefinition] = [:]
    public private(set) var views: [String: ViewDefinition] = [:]
    public private(set) var sinks: [String: SinkDefinition] = [:]
    /// Names in the order they were declared (for SHOW).
    public private(set) var declarationOrder: [String] = []
    public var settings: [String: String] = [:]
    /// The folder that relative paths in WITH options are resolved against.
    public var baseDirectory: String

    public init(baseDirectory: String) { self.baseDirectory = baseDirectory }

    public enum Entry {
        case source(SourceDefinition)
        case view(ViewDefinition)
        case sink(SinkDefinition)
    }

    public func lookup(_ name: String) -> Entry? {
        let key = name.lowercased()
        if let s = sources[key] { return .source(s) }
        if let v = views[key] { return .view(v) }
        if let k = sinks[key] { return .sink(k) }
        return nil
    }

    /// Names a FROM clause can read (sources, tables and views), for suggestions.
    public var relationNames: [String] {
        declarationOrder.filter { sources[$0.lowercased()] != nil || views[$0.lowercased()] != nil }
    }

    public var allNames: [String] { declarationOrder }

    public mutating func add(_ source: SourceDefinition) {
        register(source.name)
        sources[source.name.lowercased()] = source
    }

    public mutating func add(_ view: ViewDefinition) {
        register(view.name)
        views[view.name.lowercased()] = view
    }

    public mutating func add(_ sink: SinkDefinition) {
        register(sink.name)
        sinks[sink.name.lowercased()] = sink
    }

    /// Gives a sink declared without columns the columns of the first query written into it.
    public mutating func adoptColumns(_ schema: Schema, forSink name: String) {
        guard sinks[name.lowercased()]?.schema == nil else { return }
        sinks[name.lowercased()]?.schema = schema
    }

    /// Removes a name of any kind; false if nothing had it.
    @discardableResult
    public mutating func remove(_ name: String) -> Bool {
        let key = name.lowercased()
        let existed = sources.removeValue(forKey: key) != nil || views.removeValue(forKey: key) != nil
            || sinks.removeValue(forKey: key) != nil
        declarationOrder.removeAll { $0.lowercased() == key }
        return existed
    }

    private mutating func register(_ name: String) {
        declarationOrder.removeAll { $0.lowercased() == name.lowercased() }
        declarationOrder.append(name)
    }

    /// Resolves a path from a WITH option against the script's folder, to an absolute
    /// path (so that a compiled plan runs from any folder).
    public func resolve(path: String) -> String {
        if path.hasPrefix("/") { return path }
        let base = FileSystem.absolute(baseDirectory.hasSuffix("/") ? String(baseDirectory.dropLast()) : baseDirectory)
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        return base + "/" + p
    }
}
