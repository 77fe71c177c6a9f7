import Testing

/// `eddy run --format csv|json` prints rows as they come, straight from the columns:
/// RFC 4180 quoting, NULL as an empty CSV field or JSON null, a changelog's op first.
@Suite("Output formats of eddy run")
struct OutputFormatTests {
    static func fixture() throws -> ShellFixture {
        let f = try ShellFixture()
        try f.write(
            "d.jsonl",
            #"""
            {"k": "a,b", "s": "say \"hi\"", "x": 1.5, "n": 3, "b": true, "ts": "2024-01-01T00:00:01.250"}
            {"k": "plain", "s": null, "x": null, "n": null, "b": null, "ts": null}
            {"k": "nl\nx", "s": "back\\slash", "x": 0.0, "n": -7, "b": false, "ts": 0}

            """#)
        try f.write(
            "t.sql",
            """
            \(f.createSource("d", columns: "k VARCHAR, s VARCHAR, x DOUBLE, n BIGINT, b BOOLEAN, ts TIMESTAMP(3)", file: "d.jsonl"))
            SELECT k, s, x, n, b, ts, INTERVAL '5' SECOND AS iv FROM d;
            SELECT k, COUNT(*) AS c, SUM(x) AS sx FROM d GROUP BY k;

            """)
        return f
    }

    @Test func csv() throws {
        let f = try Self.fixture()
        let run = try f.runPiped("", arguments: ["run", f.path("t.sql"), "--format", "csv"])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out == #"""
            k,s,x,n,b,ts,iv
            "a,b","say ""hi""",1.5,3,true,2024-01-01T00:00:01.250,5 s
            plain,,,,,,5 s
            "nl
            x",back\slash,0.0,-7,false,1970-01-01T00:00:00,5 s
            op,k,c,sx
            +I,"a,b",1,1.5
            +I,plain,1,
            +I,"nl
            x",1,0.0

            """#)
    }

    @Test func json() throws {
        let f = try Self.fixture()
        let run = try f.runPiped("", arguments: ["run", f.path("t.sql"), "--format", "json"])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out == #"""
            {"k": "a,b", "s": "say \"hi\"", "x": 1.5, "n": 3, "b": true, "ts": "2024-01-01T00:00:01.250", "iv": 5000}
            {"k": "plain", "s": null, "x": null, "n": null, "b": null, "ts": null, "iv": 5000}
            {"k": "nl\nx", "s": "back\\slash", "x": 0.0, "n": -7, "b": false, "ts": "1970-01-01T00:00:00", "iv": 5000}
            {"op": "+I", "k": "a,b", "c": 1, "sx": 1.5}
            {"op": "+I", "k": "plain", "c": 1, "sx": null}
            {"op": "+I", "k": "nl\nx", "c": 1, "sx": 0.0}

            """#)
    }
}
