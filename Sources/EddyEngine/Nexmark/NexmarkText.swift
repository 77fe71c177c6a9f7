import Foundation

/// The strings of Nexmark events, made as the reference generator's `StringsGenerator`,
/// `PersonGenerator` and `BidGenerator` make them: random lower-case words, names, cities
/// and states from short lists (so that queries filtering on them find rows), channels
/// with their URLs, and `extra` padding cut from one long random text.
struct NexmarkText: Sendable {
    static let usStates = ["AZ", "CA", "ID", "OR", "WA", "WY"]
    static let usCities = [
        "Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend", "Redmond", "Seattle", "Kent", "Cheyenne",
    ]
    static let firstNames = ["Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"]
    static let lastNames = ["Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"]
    static let hotChannels = ["Google", "Facebook", "Baidu", "Apple"]
    static let channelCount = 10_000
    static let minStringLength = 3
    /// The text `extra` fields are cut from (1 MiB, as the reference).
    static let reusableLength = 1 << 20

    private let reusable: [UInt8]
    /// The URL of each hot channel.
    let hotUrls: [String]
    /// `channel-i` and its URL; nine in ten URLs carry `&channel_id=`.
    let channels: [(name: String, url: String)]

    /// The fixed texts for a seed (the reference draws them from an unseeded generator
    /// once per process; here they follow the seed so that files repeat).
    init(seed: UInt64) {
        var random = NexmarkRandom(seed: seed ^ 0x6e65_786d_6172_6b21)  // "nexmark!"
        var bytes = [UInt8](repeating: 0, count: Self.reusableLength)
        for i in bytes.indices { bytes[i] = UInt8(97 + random.nextInt(26)) }
        reusable = bytes
        hotUrls = (0..<Self.hotChannels.count).map { _ in Self.baseUrl(&random) }
        channels = (0..<Self.channelCount).map { i in
            var url = Self.baseUrl(&random)
            if random.nextInt(10) > 0 { url += "&channel_id=\(Self.reversedBits(i))" }
            return ("channel-\(i)", url)
        }
    }

    /// Java's `Math.abs(Integer.reverse(i))`, without its overflow at 1 (whose reversal is
    /// Int32.min): the absolute value is taken in 64 bits.
    static func reversedBits(_ i: Int) -> Int64 {
        var v = UInt32(truncatingIfNeeded: i)
        var r: UInt32 = 0
        for _ in 0..<32 {
            r = (r << 1) | (v & 1)
            v >>= 1
        }
        return abs(Int64(Int32(bitPattern: r)))
    }

    static func baseUrl(_ random: inout NexmarkRandom) -> String {
        "https://www.nexmark.com/" + nextString(&random, maxLength: 5, special: "_") + "/"
            + nextString(&random, maxLength: 5, special: "_") + "/" + nextString(&random, maxLength: 5, special: "_")
            + "/item.htm?query=1"
    }

    /// A random word of 3 to `maxLength - 1` letters, one in 13 of them `special`; trimmed
    /// of spaces at its ends (as Java's `trim`).
    static func nextString(_ random: inout NexmarkRandom, maxLength: Int, special: Character = " ") -> String {
        var length = minStringLength + random.nextInt(maxLength - minStringLength)
        var s = ""
        s.reserveCapacity(length)
        while length > 0 {
            length -= 1
            if random.nextInt(13) == 0 {
                s.append(special)
            } else {
                s.append(Character(Unicode.Scalar(UInt8(97 + random.nextInt(26)))))
            }
        }
        guard special == " " else { return s }
        return String(s.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    /// Exactly `length` random letters.
    func nextExactString(_ random: inout NexmarkRandom, length: Int) -> String {
        if length < reusable.count / 2 {
            let offset = random.nextInt(reusable.count - length)
            return String(decoding: reusable[offset..<(offset + length)], as: UTF8.self)
        }
        return String(decoding: (0..<length).map { _ in UInt8(97 + random.nextInt(26)) }, as: UTF8.self)
    }

    /// Padding such that `currentSize` plus its length is on average `averageSize`
    /// (within ±20%); empty when the event is already that large.
    func nextExtra(_ random: inout NexmarkRandom, currentSize: Int, averageSize: Int) -> String {
        if currentSize > averageSize { return "" }
        let desired = averageSize - currentSize
        let delta = Int((Double(desired) * 0.2).rounded(.toNearestOrAwayFromZero))
        let size = desired - delta + (delta == 0 ? 0 : random.nextInt(2 * delta))
        return nextExactString(&random, length: size)
    }

    /// A price in cents, log-uniform from $1 to $1,000,000 (`PriceGenerator`).
    static func nextPrice(_ random: inout NexmarkRandom) -> Int64 {
        Int64((pow(10.0, random.nextDouble() * 6.0) * 100.0).rounded(.toNearestOrAwayFromZero))
    }

    static func nextPersonName(_ random: inout NexmarkRandom) -> String {
        firstNames[random.nextInt(firstNames.count)] + " " + lastNames[random.nextInt(lastNames.count)]
    }

    static func nextEmail(_ random: inout NexmarkRandom) -> String {
        nextString(&random, maxLength: 7) + "@" + nextString(&random, maxLength: 5) + ".com"
    }

    /// Four groups of four digits.
    static func nextCreditCard(_ random: inout NexmarkRandom) -> String {
        (0..<4).map { _ in
            let n = random.nextInt(10_000)
            let digits = String(n)
            return String(repeating: "0", count: 4 - digits.count) + digits
        }.joined(separator: " ")
    }
}
