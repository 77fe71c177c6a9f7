import EddyCore
@testable import EddyEngine
import EddySQL
import Foundation
import Testing

/// Compiled plans outlive the eddy that wrote them: the plan of Tests/Golden/plan-format/
/// job.sql (every kind of operator, expression and value) is stored in format 2 and in
/// the format 1 of earlier releases. Both must read back to the plan compiled now, and
/// today's encoding must be byte for byte the stored one (a renamed Swift case or
/// property cannot change the format unnoticed). EDDY_COMPLETE=1 rewrites format 2 only.
@Suite("The plan file format")
struct PlanFormatTests {
    static let folder = Golden.root + "/Tests/Golden/plan-format"

    /// The script compiled as if it lived in /plans (the folder the stored plans name).
    static func compiled() throws -> JobGraph {
        let text = try TextFile.read(folder + "/job.sql")
        return try CompiledScript(text: text, name: "job.sql", baseDirectory: "/plans").job.graph
    }

    @Test func todaysEncodingIsTheStoredFormat2() throws {
        let text = try PlanFile.encode(try Self.compiled())
        if ProcessInfo.processInfo.environment["EDDY_COMPLETE"] != nil {
            try TextFile.write(text, to: Self.folder + "/plan-v2.json")
            return
        }
        #expect(text == (try? TextFile.read(Self.folder + "/plan-v2.json")), "the plan format changed: bump JobGraph.formatVersion and keep reading the old one")
        #expect(text.contains("\"version\" : 2"))
        #expect(!text.contains("\"_0\""))
    }

    @Test(arguments: ["plan-v1.json", "plan-v2.json"])
    func aStoredPlanReadsBackToTheSamePlan(file: String) throws {
        let graph = try PlanFile.read(path: Self.folder + "/" + file)
        #expect(graph == (try Self.compiled()))
    }

    @Test func valuesThatJSONCannotHoldAsNumbersRoundTrip() throws {
        let values: [Value] = [.null, .bool(true), .int(-3), .double(1.5), .double(.infinity), .double(-.infinity), .string("a\"b"), .timestamp(0), .interval(60_000)]
        let data = try JSONEncoder().encode(values)
        #expect(try JSONDecoder().decode([Value].self, from: data) == values)
        let nan = try JSONDecoder().decode(Value.self, from: try JSONEncoder().encode(Value.double(.nan)))
        if case .double(let d) = nan { #expect(d.isNaN) } else { Issue.record("NaN came back as \(nan)") }
    }
}
