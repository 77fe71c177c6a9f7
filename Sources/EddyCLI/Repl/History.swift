import CReadline
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The shell's history: readline's list in memory, and a file (`~/.eddy_history`, or
/// `$EDDY_HISTORY`) that keeps it across sessions. Each entry is one whole statement, even
/// one typed over several lines: in the file its line breaks are stored as `\u{01}` (as
/// psql does), so an entry is one line of the file. Entries are appended as they are made,
/// so a session that is killed keeps what it had.
struct History {
    /// Entries kept in the file; older ones are dropped when the shell starts.
    static let limit = 1000
    let path: String?
    private var last: String?

    /// The file named by `EDDY_HISTORY`, else `~/.eddy_history`; none without a home.
    static func defaultPath() -> String? {
        if let p = getenv("EDDY_HISTORY"), p.pointee != 0 { return String(cString: p) }
        guard let home = getenv("HOME"), home.pointee != 0 else { return nil }
        let h = String(cString: home)
        return (h.hasSuffix("/") ? h : h + "/") + ".eddy_history"
    }

    init(path: String?) { self.path = path }

    /// Loads the file into readline's history, trimming it to the last `limit` entries.
    mutating func load() {
        guard let path, let text = Self.readFile(path) else { return }
        var entries = text.split(separator: "\n", omittingEmptySubsequences: true).map {
            String($0).replacingOccurrences(of: "\u{01}", with: "\n")
        }
        if entries.count > Self.limit {
            entries = Array(entries.suffix(Self.limit))
            Self.writeFile(path, entries.map(Self.encode).joined())
        }
        for e in entries { add_history(e) }
        last = entries.last
    }

    /// Adds an entry (a repeat of the previous one is skipped) and appends it to the file.
    mutating func add(_ entry: String) {
        let trimmed = entry.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed != last else { return }
        last = trimmed
        add_history(trimmed)
        guard let path else { return }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array(Self.encode(trimmed).utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    private static func encode(_ entry: String) -> String { entry.replacingOccurrences(of: "\n", with: "\u{01}") + "\n" }

    private static func readFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            data.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func writeFile(_ path: String, _ text: String) {
        let fd = open(path, O_WRONLY | O_TRUNC | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}

extension String {
    /// The string without leading and trailing whitespace and newlines.
    func trimmingWhitespace() -> String {
        guard let start = firstIndex(where: { !$0.isWhitespace }), let end = lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return String(self[start...end])
    }
}
