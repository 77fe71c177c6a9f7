import EddyCore
import EddyRuntime
import Foundation

/// Compiled plans on disk: the JobGraph as versioned JSON, written by `eddy compile` and
/// read by `eddy run --plan` (no SQL needed to run it).
public enum PlanFile {
    public static func encode(_ graph: JobGraph) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(graph)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Reads a plan, refusing one of another format version or a damaged file.
    public static func read(path: String) throws -> JobGraph {
        let bytes: [UInt8]
        do {
            bytes = try TextFile.readBytes(path)
        } catch {
            throw RunFailure("cannot read plan \(path): \(error)")
        }
        return try decode(Data(bytes), name: path)
    }

    public static func decode(_ data: Data, name: String) throws -> JobGraph {
        struct VersionOnly: Decodable { var version: Int? }
        guard let header = try? JSONDecoder().decode(VersionOnly.self, from: data) else {
            throw RunFailure("\(name) is not a compiled Eddy plan (not a JSON object); make one with `eddy compile SCRIPT -o \(name)`")
        }
        guard let version = header.version else {
            throw RunFailure("\(name) is not a compiled Eddy plan: it has no \"version\" field")
        }
        guard version == JobGraph.formatVersion || version == 1 else {
            throw RunFailure(
                "\(name) is a plan of format version \(version); this eddy reads versions 1 to \(JobGraph.formatVersion): compile the script again")
        }
        do {
            let current = version == 1 ? try upgradeFromVersion1(data) : data
            let graph = try JSONDecoder().decode(JobGraph.self, from: current)
            try graph.validate()
            return graph
        } catch let e as JobGraphError {
            throw RunFailure("\(name) is a damaged plan: \(e.message)")
        } catch {
            throw RunFailure("\(name) is a damaged plan: \(describe(error))")
        }
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing '\(key.stringValue)' at \(path(context))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "\(context.debugDescription) at \(path(context))"
        case DecodingError.dataCorrupted(let context):
            return context.debugDescription
        default:
            return "\(error)"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
        return p.isEmpty ? "the top" : p
    }
}
