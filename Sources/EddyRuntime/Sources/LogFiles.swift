import EddyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files a source reads as one log: one path, or every file a glob matches
/// (`logs/2024-*.jsonl`), in name order. A followed glob picks up files that appear later
/// (named after the last one read).
struct LogFiles {
    let pattern: String

    /// Whether `path` is a pattern rather than a file name.
    static func isGlob(_ path: String) -> Bool { path.contains { $0 == "*" || $0 == "?" || $0 == "[" } }

    /// The matching files now, in name order (the pattern itself when it is no glob).
    func current() -> [String] {
        guard Self.isGlob(pattern) else { return [pattern] }
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0 else { return [] }
        var files: [String] = []
        for i in 0..<Int(result.gl_pathc) {
            if let p = result.gl_pathv[i], !Directory.isDirectory(String(cString: p)) { files.append(String(cString: p)) }
        }
        return files.sorted()
    }
}
