import EddyCore
internal import Logging
internal import NIOCore
internal import NIOPosix
internal import NIOSSL
internal import PostgresNIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a PostgreSQL sink cannot go on, in words for its user (never with the password).
struct PostgresFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// A statement the server did not answer in time; its connection was closed.
struct PostgresQueryTimeout: Error {
    var millis: Int64
}

/// One connection to a PostgreSQL server, for a sink on the runtime's (blocking) threads.
/// postgres-nio runs on an event loop of this session's own; the sink's thread waits for
/// its futures, and since that thread is never an event-loop thread, the wait cannot
/// deadlock (NIO's `wait()` checks it). Nothing of NIO leaves this file and the sink.
///
/// Work is done in transactions; a transaction that loses its connection (or cannot make
/// one) is run again on a new connection after a pause of 1, 2, 4, ... s, at most
/// `maxRetries` times, then fails with what went wrong. A statement unanswered for
/// `queryTimeoutMillis` closes its connection, which then counts as lost.
final class PostgresSession {
    let url: PostgresURL
    private let user: String
    private let password: String?
    private let maxRetries: Int
    private let queryTimeoutMillis: Int64
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private var connection: PostgresConnection?
    private var connections = 0
    private var isShutDown = false
    private let logger = Logger(label: "eddy.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    /// Statements every new connection runs first (the sink's temporary table).
    var onConnect: [String] = []

    /// `url` as parsed; the password from it, else PGPASSWORD; the user from it, else
    /// PGUSER, else the user running Eddy (as libpq does).
    init(url: PostgresURL, maxRetries: Int, queryTimeoutMillis: Int64) {
        self.url = url
        self.maxRetries = maxRetries
        self.queryTimeoutMillis = queryTimeoutMillis
        user = url.user ?? Self.environment("PGUSER") ?? Self.loginName()
        password = url.password ?? Self.environment("PGPASSWORD")
    }

    deinit { shutDown() }

    /// Closes the connection and stops the event loop (from the sink's thread).
    func shutDown() {
        guard !isShutDown else { return }
        isShutDown = true
        disconnect()
        try? group.syncShutdownGracefully()
    }

    /// Runs `body` in one transaction and commits it. A lost connection runs it again from
    /// the start on a new one, so `body` must do the same when run again.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        var attempt = 0
        var firstFailure: String?
        while true {
            do {
                try connectIfNeeded()
                try run("BEGIN")
                do {
                    let result = try body()
                    try run("COMMIT")
                    return result
                } catch {
                    if !Self.isTransient(error) {
                        do { try run("ROLLBACK") } catch { disconnect() }
                    }
                    throw error
                }
            } catch {
                if let failure = error as? PostgresFailure { throw failure }
                let reason = Self.describe(error)
                guard Self.isTransient(error) else { throw PostgresFailure(message: reason) }
                firstFailure = firstFailure ?? reason
                guard attempt < maxRetries else {
                    let tries = attempt == 0 ? "" : " (tried \(attempt + 1) times over \(Self.totalPause(attempt)) s"
                        + (firstFailure != reason ? ", first: \(firstFailure ?? "")" : "") + ")"
                    throw PostgresFailure(message: reason + tries)
                }
                attempt += 1
                disconnect()
                usleep(UInt32(Self.pause(attempt) * 1_000_000))
            }
        }
    }

    /// Seconds to wait before retry `n` (from 1): 1, 2, 4, 8, 8, ...
    static func pause(_ n: Int) -> Double { Double(1 << min(n - 1, 3)) }

    static func totalPause(_ retries: Int) -> Int { Int((0..<retries).map { pause($0 + 1) }.reduce(0, +)) }

    /// Runs one statement (inside `transaction`); its rows. Unanswered for the query
    /// timeout, its connection is closed and it fails with `PostgresQueryTimeout`.
    @discardableResult
    func run(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) throws -> [PostgresRow] {
        guard let connection else { throw PostgresFailure(message: "not connected") }
        let answer = connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        let deadline = connection.eventLoop.scheduleTask(in: .milliseconds(queryTimeoutMillis)) {
            let _: EventLoopFuture<Void> = connection.close()
        }
        do {
            let rows = try answer.wait().rows
            deadline.cancel()
            return rows
        } catch {
            deadline.cancel()
            // The deadline's task ran (rather than being cancelled): the statement timed out.
            if (try? deadline.futureResult.wait()) != nil { throw PostgresQueryTimeout(millis: queryTimeoutMillis) }
            throw error
        }
    }

    private func connectIfNeeded() throws {
        if let c = connection, !c.isClosed { return }
        connection = nil
        var configuration: PostgresConnection.Configuration
        if let socket = url.socketPath {
            configuration = .init(unixSocketPath: socket, username: user, password: password, database: url.database)
        } else {
            configuration = .init(host: url.host, port: url.port, username: user, password: password, database: url.database, tls: try tls())
        }
        let timeout = url.connectTimeoutSeconds.flatMap { $0 > 0 ? $0 : nil } ?? 10
        configuration.options.connectTimeout = .seconds(Int64(timeout))
        // Timestamps are UTC: a `timestamptz` column gets the instant Eddy meant.
        configuration.options.additionalStartupParameters = [("TimeZone", "UTC"), ("application_name", url.applicationName ?? "eddy")]
        connections += 1
        let made = try PostgresConnection.connect(on: group.next(), configuration: configuration, id: connections, logger: logger).wait()
        connection = made
        for sql in onConnect { try run(sql) }
    }

    private func disconnect() {
        if let c = connection { try? c.close().wait() }
        connection = nil
    }

    /// TLS as libpq's sslmode asks: `prefer` (the default) uses it if the server offers
    /// it; `require` insists, without checking the certificate; `verify-ca` and
    /// `verify-full` check it against the system's roots (and the host name).
    private func tls() throws -> PostgresConnection.Configuration.TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch url.sslMode {
        case .disable:
            return .disable
        case .allow, .prefer, .require:
            configuration.certificateVerification = .none
            let context = try NIOSSLContext(configuration: configuration)
            return url.sslMode == .require ? .require(context) : .prefer(context)
        case .verifyCA, .verifyFull:
            configuration.certificateVerification = url.sslMode == .verifyFull ? .fullVerification : .noHostnameVerification
            return .require(try NIOSSLContext(configuration: configuration))
        }
    }

    /// Whether an error is a lost (or refused) connection, or a server that asks to come
    /// back later: worth a new connection and another try.
    static func isTransient(_ error: Error) -> Bool {
        if let e = error as? PSQLError {
            switch e.code {
            case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
                return true
            case .server:
                let state = e.serverInfo?[.sqlState] ?? ""
                // connection exceptions; admin shutdown, crash shutdown, starting up; too
                // many connections; serialization failure, deadlock.
                return state.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300", "40001", "40P01"].contains(state)
            default:
                return false
            }
        }
        return error is ChannelError || error is IOError || error is NIOConnectionError || error is PostgresQueryTimeout
    }

    /// An error in words: the server's message, or what happened to the connection.
    static func describe(_ error: Error) -> String {
        if let e = error as? PSQLError {
            if let info = e.serverInfo {
                var text = info[.message] ?? "the server reported an error"
                if let detail = info[.detail] { text += " (\(detail))" }
                if let hint = info[.hint] { text += "; \(hint)" }
                if let state = info[.sqlState] { text += " [SQLSTATE \(state)]" }
                return text
            }
            switch e.code {
            case .connectionError: return e.underlying.map(describe) ?? "cannot connect"
            case .serverClosedConnection, .uncleanShutdown: return "the server closed the connection"
            case .clientClosedConnection: return "the connection was closed"
            case .sslUnsupported: return "the server does not offer TLS, which sslmode asks for (use sslmode=prefer or disable)"
            case .authMechanismRequiresPassword:
                return "the server asks for a password: give it in the URL, in the option 'password' or in PGPASSWORD"
            case .unsupportedAuthMechanism: return "the server asks for an authentication method that Eddy cannot answer"
            case .saslError: return "SCRAM authentication failed"
            case .tooManyParameters: return "too many parameters in one statement"
            default: return "\(e.code)"
            }
        }
        if let e = error as? NIOConnectionError {
            if e.dnsAError != nil || e.dnsAAAAError != nil, e.connectionErrors.isEmpty { return "cannot find host '\(e.host)'" }
            if let first = e.connectionErrors.first { return "cannot connect to \(e.host):\(e.port): " + describe(first.error) }
            return "cannot connect to \(e.host):\(e.port)"
        }
        if let e = error as? IOError { return String(cString: strerror(e.errnoCode)).lowercased() }
        if let e = error as? ChannelError {
            if case .connectTimeout(let t) = e { return "no answer within \(t.nanoseconds / 1_000_000_000) s" }
            return "\(e)"
        }
        if let e = error as? PostgresQueryTimeout {
            return "no answer to a statement within \(Intervals.format(e.millis)) ('sink.query-timeout')"
        }
        if let e = error as? NIOSSLError { return "TLS: \(e)" }
        if let e = error as? PostgresDecodingError { return "cannot read a \(e.postgresType) as \(e.targetType) in column \(e.columnName)" }
        return "\(error)"
    }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    private static func loginName() -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return environment("USER") ?? "postgres"
    }
}
