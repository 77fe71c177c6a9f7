import Foundation

/// The PostgreSQL server that the PostgreSQL sink's tests use: `EDDY_POSTGRES_URL` (a
/// superuser's URL; `Tests/postgres-server.sh start DIR` starts a private server and prints
/// one), else the one started in `.build-postgres`. Without a reachable one those tests
/// are skipped, and say why; with `EDDY_POSTGRES_REQUIRED=1` (CI) a missing server fails a
/// test instead. Each test works
/// in a database of its own. Rows are read back with `psql`, a program apart from Eddy.
public enum PostgresTestServer {
    public static let url: String? = {
        let value = ProcessInfo.processInfo.environment["EDDY_POSTGRES_URL"] ?? ""
        if !value.isEmpty { return value }
        // Else the server that `Tests/postgres-server.sh start .build-postgres` started in
        // the package's folder, if there is one (the script writes its URL there).
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let written = try? String(contentsOf: root.appendingPathComponent(".build-postgres/url"), encoding: .utf8)
        let url = written?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return url.isEmpty ? nil : url
    }()

    public static let required = ProcessInfo.processInfo.environment["EDDY_POSTGRES_REQUIRED"] == "1"

    /// Whether the server answers (asked once).
    public static let available: Bool = {
        guard let url else { return false }
        return (try? psql(url, "SELECT 1")) == ["1"]
    }()

    public static let skipReason =
        "no PostgreSQL server answers; run Tests/postgres-server.sh start .build-postgres (or set EDDY_POSTGRES_URL)"

    /// Runs `sql` with psql on the database of `url`: the rows, columns separated by `|`
    /// (NULL as nothing, booleans as t and f).
    public static func psql(_ url: String, _ sql: String, environment: [String: String] = [:]) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql]
        var env = ProcessInfo.processInfo.environment
        env["PGCONNECT_TIMEOUT"] = "5"
        env.removeValue(forKey: "PGPASSWORD")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PsqlFailure(description: "psql failed (\(process.terminationStatus)): " + String(decoding: errData, as: UTF8.self))
        }
        return String(decoding: outData, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init).filter { !$0.isEmpty }
    }

    /// `url` naming another database of the same server.
    public static func url(_ url: String, database: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let query = url.firstIndex(of: "?") ?? url.endIndex
        let authorityEnd = url[scheme.upperBound..<query].firstIndex(of: "/") ?? query
        return String(url[..<authorityEnd]) + "/" + database + String(url[query...])
    }

    nonisolated(unsafe) private static var made = 0
    private static let lock = NSLock()

    /// A new empty database, dropped when the value goes.
    public static func makeDatabase() throws -> TestDatabase {
        guard let url else { throw PsqlFailure(description: skipReason) }
        let n = lock.withLock { () -> Int in
            made += 1
            return made
        }
        let name = "eddy_test_\(getpid())_\(n)_\(UInt32.random(in: 0...UInt32.max))"
        _ = try psql(url, "CREATE DATABASE \(name)")
        return TestDatabase(name: name, url: Self.url(url, database: name), admin: url)
    }
}

public struct PsqlFailure: Error, CustomStringConvertible {
    public var description: String
}

/// A database of the test server for one test.
public final class TestDatabase: @unchecked Sendable {
    public let name: String
    /// The superuser's URL of this database.
    public let url: String
    private let admin: String
    /// Roles made for the test, dropped with the database.
    private var roles: [String] = []

    init(name: String, url: String, admin: String) {
        self.name = name
        self.url = url
        self.admin = admin
    }

    deinit {
        _ = try? PostgresTestServer.psql(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        for role in roles { _ = try? PostgresTestServer.psql(admin, "DROP ROLE IF EXISTS \(role)") }
    }

    /// The rows of a query, as `psql` prints them, sorted.
    public func rows(_ sql: String) throws -> [String] { try PostgresTestServer.psql(url, sql).sorted() }

    public func run(_ sql: String) throws { _ = try PostgresTestServer.psql(url, sql) }

    /// A role that logs in with `password` and owns this database (so it may make tables
    /// in its public schema); its name.
    public func makeOwner(password: String) throws -> String {
        let role = name + "_owner"
        _ = try PostgresTestServer.psql(admin, "CREATE ROLE \(role) LOGIN PASSWORD '\(password.replacingOccurrences(of: "'", with: "''"))'")
        roles.append(role)
        _ = try PostgresTestServer.psql(admin, "ALTER DATABASE \(name) OWNER TO \(role)")
        return role
    }

    /// The `host:port` of the server.
    public var hostPort: String {
        let afterScheme = url.range(of: "://").map { url[$0.upperBound...] } ?? url[...]
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" }
        return String(authority.split(separator: "@").last ?? authority)
    }
}
