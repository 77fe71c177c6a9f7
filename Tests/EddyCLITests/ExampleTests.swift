import Foundation
import GRDB
import Testing

/// The examples README shows, run as a newcomer would run them (on a copy).
@Suite("The examples")
struct ExampleTests {
    static let root: String = {
        let file = #filePath
        return String(file[..<(file.range(of: "/Tests/EddyCLITests/")?.lowerBound ?? file.endIndex)])
    }()

    /// A copy of an example's folder in a fresh fixture.
    static func copy(_ example: String) throws -> ShellFixture {
        let f = try ShellFixture()
        for name in try FileManager.default.contentsOfDirectory(atPath: root + "/examples/" + example) where name != "out" {
            try FileManager.default.copyItem(atPath: root + "/examples/\(example)/\(name)", toPath: f.path(name))
        }
        return f
    }

    static func rows(_ db: String, _ sql: String) throws -> [String] {
        try DatabaseQueue(path: db).read { db in
            try Row.fetchAll(db, sql: sql).map { $0.databaseValues.map { "\($0)" }.joined(separator: "|") }
        }
    }

    /// The read model is disposable: deleted and rebuilt from the log, it is the same.
    @Test func eventSourcingRebuildsTheSameReadModelFromTheLog() throws {
        let f = try Self.copy("event-sourcing")
        #expect(try f.runPiped("", arguments: ["run", f.path("balances.sql"), "-q"]).status == 0)
        let balances = try Self.rows(f.path("out/read.db"), "SELECT * FROM balances ORDER BY account")
        let flow = try Self.rows(f.path("out/read.db"), "SELECT * FROM flow_5min ORDER BY since")
        #expect(balances.count == 6 && flow.count == 5)
        #expect(balances.contains("\"alice\"|1455|114|\"2024-12-01T00:22:29.544\""), "\(balances)")
        try FileManager.default.removeItem(atPath: f.path("out"))
        #expect(try f.runPiped("", arguments: ["run", f.path("balances.sql"), "-q"]).status == 0)
        #expect(try Self.rows(f.path("out/read.db"), "SELECT * FROM balances ORDER BY account") == balances)
        #expect(try Self.rows(f.path("out/read.db"), "SELECT * FROM flow_5min ORDER BY since") == flow)
    }

    @Test func kappaReplaysTheRecordedDaysThenFollows() throws {
        let f = try Self.copy("kappa")
        let job = try f.start(["run", f.path("kappa.sql"), "-q"], name: "job")
        defer { job.terminate() }
        // The hourly visits of the recorded days, then a live event in a newer file.
        #expect(f.waitUntil { f.lines("out/hourly.csv").count > 200 })
        try f.write("log/events-2024-12-01.jsonl", "{\"user\": \"u1\", \"page\": \"/live\", \"ts\": 1733011200000}\n{\"user\": \"u1\", \"page\": \"/\", \"ts\": 1733018400000}\n")
        #expect(f.waitUntil { f.lines("out/hourly.csv").contains { $0.hasPrefix("/live,2024-12-01T00:00:00,1,1") } }, "\(f.lines("out/hourly.csv").suffix(3))")
    }

    @Test func lambdaServesTheBatchAndSpeedViewsTogether() throws {
        let f = try Self.copy("lambda")
        let job = try f.start(["run", f.path("lambda.sql"), "-q"], name: "job")
        defer { job.terminate() }
        let expected = ["\"kettle\"|640|225", "\"lamp\"|771|244", "\"mug\"|840|275", "\"rug\"|731|255", "\"sofa\"|749|261"]
        #expect(f.waitUntil { (try? Self.rows(f.path("out/serving.db"), "SELECT * FROM units_sold ORDER BY product")) == expected })
        try f.append("recent.jsonl", "{\"product\": \"mug\", \"qty\": 3, \"ts\": 1733024300000}\n")
        #expect(f.waitUntil { (try? Self.rows(f.path("out/serving.db"), "SELECT units FROM units_sold WHERE product = 'mug'")) == ["843"] })
    }
}
