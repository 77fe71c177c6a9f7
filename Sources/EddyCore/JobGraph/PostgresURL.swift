/// A PostgreSQL connection URL, read as libpq reads one:
/// `postgresql://user:password@host:port/database?sslmode=require`. Parts given in the
/// query (`host`, `port`, `user`, `password`, `dbname`) take the place of those before it; a
/// `host` that starts with `/` is the folder of the server's Unix socket.
public struct PostgresURL: Sendable, Hashable {
    /// libpq's `sslmode`: whether TLS is used, and how the server's certificate is checked.
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// The role to log in as (nil: PGUSER, else the login name, as libpq).
    public var user: String?
    /// The password, percent-decoded (nil: PGPASSWORD, else none).
    public var password: String?
    /// The server's host name or address (`localhost` when the URL names none).
    public var host: String
    /// The server's port (5432 when the URL names none).
    public var port: Int
    /// The database (nil: the server takes the user's name, as libpq).
    public var database: String?
    /// The folder of the server's Unix socket (a `host` that is a path), if it is reached that way.
    public var socketDirectory: String?
    /// `sslmode`, `prefer` by default.
    public var sslMode: SSLMode
    /// `connect_timeout`: how long to wait for a connection to be made and answered (nil
    /// or 0: the sink's default).
    public var connectTimeoutSeconds: Int?
    /// `application_name`, as the server shows the connection (nil: `eddy`).
    public var applicationName: String?

    /// The query parameters a URL may have.
    public static let parameters = ["sslmode", "host", "port", "user", "password", "dbname", "connect_timeout", "application_name"]

    /// The socket file of a server reached through a Unix socket.
    public var socketPath: String? { socketDirectory.map { "\($0)/.s.PGSQL.\(port)" } }

    /// What names the database, whoever connects: `host:port/database`.
    public var place: String {
        let h = socketDirectory ?? (host.contains(":") ? "[\(host)]" : host)
        return "\(h):\(port)/\(database ?? user ?? "")"
    }

    /// Reads a URL; the message says what is wrong with it (quoting no part that could be
    /// a password).
    public static func parse(_ text: String) -> Result<PostgresURL, PostgresURLError> {
        func fail(_ message: String) -> Result<PostgresURL, PostgresURLError> { .failure(PostgresURLError(message: message)) }
        let lower = text.lowercased()
        guard let scheme = ["postgresql://", "postgres://"].first(where: { lower.hasPrefix($0) }) else {
            return fail("a PostgreSQL URL starts with postgresql://, as in postgresql://user@localhost:5432/database")
        }
        var rest = Substring(text.dropFirst(scheme.count))
        var query = Substring("")
        if let q = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        var url = PostgresURL(host: "localhost", port: 5432, sslMode: .prefer)
        // The user and password end at the last '@' (more lenient than libpq, which wants
        // '/' and '@' in a password percent-encoded), the host at the next '/'.
        var hostPort = rest
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            hostPort = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                guard let password = percentDecoded(userInfo[userInfo.index(after: colon)...]) else { return fail("the password is not percent-encoded correctly") }
                url.password = password
                url.user = percentDecoded(userInfo[..<colon])
            } else {
                url.user = percentDecoded(userInfo)
            }
            guard url.user != nil else { return fail("the user name is not percent-encoded correctly") }
            if url.user == "" { url.user = nil }
        }
        var path = Substring("")
        if let slash = hostPort.firstIndex(of: "/") {
            path = hostPort[hostPort.index(after: slash)...]
            hostPort = hostPort[..<slash]
        }
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { return fail("an IPv6 address in brackets lacks its ']'") }
            url.host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return fail("after an IPv6 address in brackets comes ':' and the port") }
                portText = after.dropFirst()
            }
        } else if let colon = hostPort.firstIndex(of: ":") {
            url.host = String(hostPort[..<colon])
            portText = hostPort[hostPort.index(after: colon)...]
        } else if !hostPort.isEmpty {
            url.host = String(hostPort)
        }
        if url.host.contains(",") { return fail("several hosts are not supported: name one") }
        if let text = portText, let problem = url.setPort(String(text)) { return fail(problem) }
        if !path.isEmpty {
            guard let database = percentDecoded(path) else { return fail("the database name is not percent-encoded correctly") }
            url.database = database
        }
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0])
            guard parts.count == 2, let value = percentDecoded(parts[1]) else {
                return fail("parameter '\(key)' needs a percent-encoded value: \(key)=...")
            }
            switch key {
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    return fail("sslmode must be one of " + SSLMode.allCases.map(\.rawValue).joined(separator: ", ") + ", found '\(value)'")
                }
                url.sslMode = mode
            case "host":
                if value.hasPrefix("/") {
                    url.socketDirectory = value
                } else {
                    url.host = value
                    url.socketDirectory = nil
                }
            case "port":
                if let problem = url.setPort(value) { return fail(problem) }
            case "user": url.user = value
            case "password": url.password = value
            case "dbname": url.database = value
            case "connect_timeout":
                guard let seconds = Int(value), seconds >= 0 else { return fail("connect_timeout must be a number of seconds, found '\(value)'") }
                url.connectTimeoutSeconds = seconds
            case "application_name": url.applicationName = value
            default:
                return fail("unknown parameter '\(key)' (parameters: " + parameters.joined(separator: ", ") + ")")
            }
        }
        if url.host.isEmpty && url.socketDirectory == nil { url.host = "localhost" }
        return .success(url)
    }

    private mutating func setPort(_ text: String) -> String? {
        guard let p = Int(text), (1...65535).contains(p) else { return "the port must be a number from 1 to 65535" }
        port = p
        return nil
    }

    /// `text` with `password` added as a query parameter (percent-encoded).
    public static func adding(password: String, to text: String) -> String {
        text + (text.contains("?") ? "&" : "?") + "password=" + percentEncoded(password)
    }

    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 15)])
            }
        }
        return out
    }

    /// `%xx` sequences as the bytes they stand for; nil if one is malformed or the bytes
    /// are not UTF-8.
    static func percentDecoded<S: StringProtocol>(_ text: S) -> String? {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard let h = utf8.popFirst(), let l = utf8.popFirst(), let high = hexValue(h), let low = hexValue(l) else { return nil }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// Why a PostgreSQL URL cannot be used.
public struct PostgresURLError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, quoting no part that could be a password.
    public var message: String
    public var description: String { message }
}
