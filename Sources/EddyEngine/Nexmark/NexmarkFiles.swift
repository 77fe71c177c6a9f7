#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import EddyCore

/// Writes a Nexmark stream as three JSON-lines files, `persons.jsonl`, `auctions.jsonl`
/// and `bids.jsonl`, one object a line with the reference's field names (`emailAddress`,
/// `dateTime`, ...) and timestamps as `"2015-07-15 00:00:00.000"` (UTC), the text both Eddy
/// and Flink's JSON format read as a TIMESTAMP(3). Each file is in event-time order.
/// Beside them `side_input.csv`, the reference's side input of query 13: lines `i,i` for i
/// from 0 to 9,999.
public enum NexmarkFiles {
    public static let fileNames = (
        persons: "persons.jsonl", auctions: "auctions.jsonl", bids: "bids.jsonl", sideInput: "side_input.csv"
    )
    /// Rows of the side input (the reference's default for query 13).
    public static let sideInputRows = 10_000

    /// What was written.
    public struct Summary: Sendable, Equatable {
        public var persons: Int64 = 0
        public var auctions: Int64 = 0
        public var bids: Int64 = 0
        public var bytes: Int64 = 0
        /// The first and last event times, epoch milliseconds.
        public var firstTime: Int64 = 0
        public var lastTime: Int64 = 0
    }

    /// A configuration that cannot make events, or a folder or file that cannot be written.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// An event time as Eddy prints it (`2015-07-15T00:01:40`), for messages.
    public static func formatTime(_ millis: Int64) -> String { Timestamps.format(millis) }

    /// Generates `config`'s events into the folder `directory` (made if missing),
    /// replacing the three files if they exist.
    @discardableResult
    public static func write(_ config: NexmarkConfig, to directory: String) throws -> Summary {
        if let problem = config.problem() { throw Failure(description: problem) }
        try makeDirectory(directory)
        let persons = try Output(path: directory + "/" + fileNames.persons)
        let auctions = try Output(path: directory + "/" + fileNames.auctions)
        let bids = try Output(path: directory + "/" + fileNames.bids)
        var summary = Summary()
        var generator = NexmarkGenerator(config: config)
        summary.firstTime = config.timestamp(ofEvent: 0)
        while let event = generator.next() {
            switch event {
            case .person(let p):
                persons.line(p)
                summary.persons += 1
            case .auction(let a):
                auctions.line(a)
                summary.auctions += 1
            case .bid(let b):
                bids.line(b)
                summary.bids += 1
            }
            summary.lastTime = event.dateTime
            if persons.failed || auctions.failed || bids.failed { break }
        }
        let side = try Output(path: directory + "/" + fileNames.sideInput)
        side.sideInput(rows: sideInputRows)
        for output in [persons, auctions, bids, side] {
            try output.close()
            summary.bytes += output.written
        }
        return summary
    }

    private static func makeDirectory(_ path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFDIR else { throw Failure(description: "\(path): exists and is not a folder") }
            return
        }
        FileSystem.createDirectory(path)
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
            throw Failure(description: "\(path): cannot make the folder")
        }
    }
}

/// A JSON-lines file written through a buffer; remembers the first write error.
private final class Output {
    let path: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var error: Int32 = 0
    private(set) var written: Int64 = 0
    var failed: Bool { error != 0 }

    init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw NexmarkFiles.Failure(description: "\(path): \(String(cString: strerror(errno)))") }
        buffer.reserveCapacity(1 << 20)
    }

    func line(_ p: NexmarkPerson) {
        field("{\"id\":", p.id)
        string(",\"name\":", p.name)
        string(",\"emailAddress\":", p.emailAddress)
        string(",\"creditCard\":", p.creditCard)
        string(",\"city\":", p.city)
        string(",\"state\":", p.state)
        time(",\"dateTime\":", p.dateTime)
        string(",\"extra\":", p.extra)
        end()
    }

    func line(_ a: NexmarkAuction) {
        field("{\"id\":", a.id)
        string(",\"itemName\":", a.itemName)
        string(",\"description\":", a.description)
        field(",\"initialBid\":", a.initialBid)
        field(",\"reserve\":", a.reserve)
        time(",\"dateTime\":", a.dateTime)
        time(",\"expires\":", a.expires)
        field(",\"seller\":", a.seller)
        field(",\"category\":", a.category)
        string(",\"extra\":", a.extra)
        end()
    }

    func line(_ b: NexmarkBid) {
        field("{\"auction\":", b.auction)
        field(",\"bidder\":", b.bidder)
        field(",\"price\":", b.price)
        string(",\"channel\":", b.channel)
        string(",\"url\":", b.url)
        time(",\"dateTime\":", b.dateTime)
        string(",\"extra\":", b.extra)
        end()
    }

    /// `key,value` lines with both the row's number.
    func sideInput(rows: Int) {
        for i in 0..<rows {
            buffer.append(contentsOf: "\(i),\(i)".utf8)
            endLine()
        }
    }

    private func field(_ key: StaticString, _ value: Int64) {
        append(key)
        buffer.append(contentsOf: String(value).utf8)
    }

    private func string(_ key: StaticString, _ value: String) {
        append(key)
        buffer.append(34)
        for byte in value.utf8 {
            // The generator makes only printable ASCII; quotes and backslashes are escaped
            // all the same.
            if byte == 34 || byte == 92 { buffer.append(92) }
            buffer.append(byte)
        }
        buffer.append(34)
    }

    /// `"yyyy-MM-dd HH:mm:ss.SSS"`, UTC.
    private func time(_ key: StaticString, _ millis: Int64) {
        append(key)
        let ms = Int(millis)
        let days = Int(Timestamps.floorDiv(millis, 86_400_000))
        let rest = ms - days * 86_400_000
        let (y, m, d) = Timestamps.civil(days: days)
        buffer.append(34)
        digits(y, 4)
        buffer.append(45)
        digits(m, 2)
        buffer.append(45)
        digits(d, 2)
        buffer.append(32)
        digits(rest / 3_600_000, 2)
        buffer.append(58)
        digits(rest / 60_000 % 60, 2)
        buffer.append(58)
        digits(rest / 1000 % 60, 2)
        buffer.append(46)
        digits(rest % 1000, 3)
        buffer.append(34)
    }

    private func digits(_ value: Int, _ count: Int) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var v = value
        while divisor > 0 {
            buffer.append(UInt8(48 + v / divisor % 10))
            v %= divisor
            divisor /= 10
        }
    }

    private func append(_ s: StaticString) {
        s.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    /// Closes the object and its line.
    private func end() {
        buffer.append(125)
        endLine()
    }

    private func endLine() {
        buffer.append(10)
        if buffer.count >= 1 << 20 { flush() }
    }

    private func flush() {
        guard error == 0 else {
            buffer.removeAll(keepingCapacity: true)
            return
        }
        error = FileSystem.writeAll(buffer, to: fd)
        if error == 0 { written += Int64(buffer.count) }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        let closed = Glibc.close(fd)
        if error == 0 && closed != 0 { error = errno }
        if error != 0 { throw NexmarkFiles.Failure(description: "\(path): \(String(cString: strerror(error)))") }
    }
}
