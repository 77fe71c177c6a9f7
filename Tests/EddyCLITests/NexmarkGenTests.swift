import Foundation
import Testing

/// `eddy gen nexmark`: the Nexmark files, the same for a seed, readable by Eddy's sources.
@Suite("eddy gen nexmark")
struct NexmarkGenTests {
    @Test func writesThreeFilesThatRepeatForASeedAndThatEddyReads() throws {
        let f = try ShellFixture()
        let gen = try f.runPiped("", arguments: ["gen", "nexmark", "--events", "5000", "--out", f.path("a"), "--seed", "3"])
        #expect(gen.status == 0, "\(gen.err)")
        #expect(gen.err.contains("wrote 100 persons, 300 auctions, 4600 bids"), "\(gen.err)")
        let persons = f.lines("a/persons.jsonl"), auctions = f.lines("a/auctions.jsonl"), bids = f.lines("a/bids.jsonl")
        #expect(persons.count == 100 && auctions.count == 300 && bids.count == 4600)
        #expect(persons[0].hasPrefix("{\"id\":1000,\"name\":\""))
        #expect(persons[0].contains("\"dateTime\":\"2015-07-15 00:00:00.000\""))
        #expect(bids.last?.contains("\"dateTime\":\"2015-07-15 00:00:00.499\"") == true, "5000 events at 10,000/s")
        #expect(f.lines("a/side_input.csv").count == 10_000)

        #expect(try f.runPiped("", arguments: ["gen", "nexmark", "--events", "5000", "--out", f.path("b"), "--seed", "3"]).status == 0)
        #expect(f.lines("b/bids.jsonl") == bids && f.lines("b/auctions.jsonl") == auctions)
        #expect(try f.runPiped("", arguments: ["gen", "nexmark", "--events", "5000", "--out", f.path("c"), "--seed", "4"]).status == 0)
        #expect(f.lines("c/bids.jsonl") != bids)

        // Every bid's auction and bidder, every auction's seller, exists (bar the few ids the
        // reference lets run ahead), read through Eddy itself.
        try f.write("a/check.sql", """
            CREATE SOURCE person (id BIGINT, `dateTime` TIMESTAMP(3)) WITH ('connector' = 'file', 'path' = 'persons.jsonl');
            CREATE SOURCE auction (id BIGINT, seller BIGINT, `dateTime` TIMESTAMP(3), expires TIMESTAMP(3)) WITH ('connector' = 'file', 'path' = 'auctions.jsonl');
            CREATE SOURCE bid (auction BIGINT, bidder BIGINT, price BIGINT, `dateTime` TIMESTAMP(3)) WITH ('connector' = 'file', 'path' = 'bids.jsonl');
            SELECT COUNT(*) AS n, MIN(`dateTime`) AS first, MAX(`dateTime`) AS last FROM bid;
            SELECT COUNT(*) AS matched FROM bid b JOIN auction a ON b.auction = a.id;
            SELECT COUNT(*) AS matched FROM bid b JOIN person p ON b.bidder = p.id;
            """)
        let run = try f.runPiped("", arguments: ["run", f.path("a/check.sql"), "-q", "--format", "csv"])
        #expect(run.status == 0, "\(run.err)")
        let numbers = run.out.split(separator: "\n").compactMap { line -> Int? in
            line.split(separator: ",").last.flatMap { Int($0) }
        }
        #expect(run.out.contains("4600,2015-07-15T00:00:00.000") || run.out.contains("4600,2015-07-15T00:00:00"), "\(run.out)")
        // The last change of each count is its total.
        #expect(numbers.count >= 2)
        let matchedAuctions = numbers[numbers.count - 2], matchedPersons = numbers[numbers.count - 1]
        #expect(matchedAuctions > 4_500 && matchedAuctions <= 4_600, "\(run.out)")
        #expect(matchedPersons > 4_400 && matchedPersons <= 4_600, "\(run.out)")
    }

    @Test(arguments: [
        (["--events", "0", "--out", "x"], "number of events must be positive"),
        (["--events", "10", "--out", "x", "--rate", "0"], "rate must be a positive"),
        (["--events", "ten", "--out", "x"], "--events"),
        (["--out", "x"], "Missing expected argument '--events"),
        (["--events", "10"], "Missing expected argument '--out"),
    ])
    func badArgumentsAreExplained(arguments: [String], message: String) throws {
        let f = try ShellFixture()
        let r = try f.runPiped("", arguments: ["gen", "nexmark"] + arguments)
        #expect(r.status != 0)
        #expect(r.err.contains(message), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: f.path("x")))
    }

    @Test func aFileInThePlaceOfTheFolderIsAnError() throws {
        let f = try ShellFixture()
        try f.write("taken", "x")
        let r = try f.runPiped("", arguments: ["gen", "nexmark", "--events", "10", "--out", f.path("taken")])
        #expect(r.status == 1)
        #expect(r.err.contains("exists and is not a folder"), "\(r.err)")
    }
}
