import EddyCore
import EddySQL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files a script reads and writes. A file that one part of a job writes (a sink, a
/// dead-letter or late-event side file) may be neither read nor written by another part:
/// a sink over its own source would truncate the log it reads, two writers of one file
/// would overwrite each other. Such a script is refused when it is checked, at the option
/// that names the file a second time.
struct PathClaims {
    /// One use of a file.
    struct Claim {
        var path: String
        var writes: Bool
        /// What uses it, for the message: "source 'clicks' reads it".
        var user: String
    }

    private var claims: [Claim] = []

    /// Every file the catalog's sources, tables and sinks use (and `SET 'late.output'`).
    init(catalog: Catalog) {
        for source in catalog.sources.values {
            guard let c = source.connector else { continue }
            let what = "\(source.kind == .table ? "table" : "source") '\(source.name)'"
            claims.append(Claim(path: c.path, writes: false, user: "\(what) reads it"))
            if let d = c.deadLetterPath { claims.append(Claim(path: d, writes: true, user: "\(what) writes its dead letters there")) }
            if let l = c.lateOutputPath { claims.append(Claim(path: l, writes: true, user: "\(what) writes its late events there")) }
        }
        for sink in catalog.sinks.values {
            claims.append(Claim(path: sink.connector.claimedPath, writes: true, user: "sink '\(sink.name)' writes it"))
        }
        if let late = catalog.settings["late.output"] {
            claims.append(Claim(path: catalog.resolve(path: late), writes: true, user: "SET 'late.output' sends late events there"))
        }
    }

    /// Checks `SET 'late.output' = 'path'` against the files the catalog already uses.
    static func checkLateOutputSetting(_ value: StringLiteral, catalog: Catalog) throws {
        var others = catalog
        others.settings.removeValue(forKey: "late.output")
        var claims = PathClaims(catalog: others)
        let path = catalog.resolve(path: value.value)
        try claims.add(Claim(path: path, writes: true, user: "late events of every source"), at: value.span, written: value.value)
        if Directory.isDirectory(path) {
            throw Diagnostic.error("'late.output' names a folder: \(path)", at: value.span, help: "name a file in it, e.g. '\(path)/late.jsonl'")
        }
    }

    /// Adds a claim, refusing it (at `span`, where the path is written as `written`) when
    /// it collides with an earlier one.
    mutating func add(_ claim: Claim, at span: Span, written: String) throws {
        let canonical = Self.canonical(claim.path)
        if let other = claims.first(where: { ($0.writes || claim.writes) && Self.canonical($0.path) == canonical }) {
            let verb = claim.writes ? "write" : "read"
            throw Diagnostic.error(
                "cannot \(verb) '\(written)': \(other.user)", at: span,
                help: claim.writes && !other.writes
                    ? "writing a file that the job reads would destroy its input; choose another path"
                    : "two parts of a job cannot write one file; choose another path")
        }
        claims.append(claim)
    }

    /// The file a path names, whether or not it exists yet: symbolic links, `.` and `..`
    /// resolved, relative to the working folder.
    static func canonical(_ path: String) -> String {
        if let real = realPath(path) { return real }
        let folder = FileSystem.folder(of: path), name = FileSystem.fileName(of: path)
        if let real = realPath(folder) { return real + "/" + name }
        return lexical(path)
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `a/./b/../c` as `/cwd/a/c`, without touching the file system.
    private static func lexical(_ path: String) -> String {
        let absolute = FileSystem.absolute(path)
        var parts: [Substring] = []
        for part in absolute.split(separator: "/") where part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }
}
